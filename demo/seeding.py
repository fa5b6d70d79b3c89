"""Build the demo world of :mod:`demo.demo_data` through the domain services.

Idempotent by natural keys: a row that exists is left alone, or updated only in the fields that
differ, so a second run on the same day writes nothing (no history events either). An agreement
whose reference exists in its region is skipped with its whole story.
"""

import datetime
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from accounts.models import NATIONAL_GOVERNANCE_GROUP
from agreements import services as agreement_services
from agreements.models import Agreement, AgreementDiscipline, AgreementGoal, BudgetLine, Target
from config.history import acting_as
from documents.services import report_periods
from mandates import services as mandate_services
from mandates.models import Mandate, MandateStatus
from neighbourhoods import services as neighbourhood_services
from neighbourhoods.models import AllianceContact, Bottleneck, Neighbourhood
from progress import services as progress_services
from progress.models import Kpi
from regions.errors import save_validated
from regions.models import (
    Discipline,
    Organisation,
    Region,
    RegionAction,
    RegionGoal,
    RegionIndicator,
    RegionMembership,
    RegionTask,
)

from . import demo_data as data
from . import otp as demo_otp
from .history import backfill_snapshots

EXPIRING_WITHIN_DAYS = 60


@dataclass
class Report:
    created: dict = field(default_factory=dict)
    skipped_agreements: list = field(default_factory=list)

    def count(self, what: str, created: bool) -> None:
        if created:
            self.created[what] = self.created.get(what, 0) + 1


def ensure(model, lookup: dict, values: dict | None = None, *, validate=True):
    """Get the row with ``lookup``; create it with ``values``, or update the fields that differ.

    Returns ``(row, created)``. Nothing is written when the row exists and matches.
    """
    values = values or {}
    row = model._default_manager.filter(**lookup).first()
    if row is None:
        row = model(**lookup, **values)
        if validate:
            save_validated(row)
        else:
            row.save()
        return row, True
    changed = [name for name, value in values.items() if getattr(row, name) != value]
    if changed:
        for name in changed:
            setattr(row, name, values[name])
        if any(f.name == "updated_at" for f in model._meta.concrete_fields):
            changed.append("updated_at")
        if validate:
            save_validated(row, update_fields=changed)
        else:
            row.save(update_fields=changed)
    return row, False


def logins_table(password: str) -> str:
    """The demo logins as a plain-text table, with the password underneath."""
    rows = [("username", "role", "sees")]
    rows += [(u.username, u.role, u.sees) for u in data.USERS]
    widths = [max(len(row[i]) for row in rows) for i in range(3)]
    lines = []
    for index, row in enumerate(rows):
        lines.append("  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row)).rstrip())
        if index == 0:
            lines.append("  ".join("-" * width for width in widths))
    lines.append("")
    lines.append(f"Password for every demo login: {password}")
    lines.append(
        "Region admins, national governance and platform admins also give a two-step code: "
        "manage.py demo_code <username> prints it."
    )
    return "\n".join(lines)


class DemoBuilder:
    def __init__(self, *, password: str, reset_passwords: bool, today: datetime.date | None = None):
        self.password = password
        self.reset_passwords = reset_passwords
        self.today = today or timezone.localdate()
        self.year = self.today.year
        self.report = Report()
        self.users = {}
        self.insurers = {}
        self.disciplines = {d.code: d for d in Discipline.objects.all()}

    # --- entry point ---------------------------------------------------------------------------

    def build(self) -> Report:
        with transaction.atomic():
            self.build_users()
            self.build_insurers()
            for spec in data.USERS:
                if spec.insurer:
                    self.insurers[spec.insurer].group.user_set.add(self.users[spec.username])
            for spec in data.REGIONS:
                self.build_region(spec)
            for user in self.users.values():
                demo_otp.enrol(user)
            backfill_snapshots(self.today)
        return self.report

    # --- people --------------------------------------------------------------------------------

    def build_users(self):
        user_model = get_user_model()
        national, _created = Group.objects.get_or_create(name=NATIONAL_GOVERNANCE_GROUP)
        for spec in data.USERS:
            user, created = ensure(
                user_model,
                {"username": spec.username},
                {
                    "first_name": spec.first_name,
                    "last_name": spec.last_name,
                    "email": f"{spec.username}@example.test",
                    "is_superuser": spec.superuser,
                    "is_staff": spec.superuser,
                    "is_active": True,
                },
                validate=False,
            )
            if created or self.reset_passwords:
                user.set_password(self.password)
                user.save(update_fields=["password"])
            if spec.national:
                user.groups.add(national)
            self.report.count("users", created)
            self.users[spec.username] = user

    def grant_region_roles(self, spec, region, neighbourhoods):
        """Staff memberships and coordinator grants in one region."""
        for user_spec in data.USERS:
            user = self.users[user_spec.username]
            role = user_spec.memberships.get(spec.key)
            if role:
                _row, created = ensure(
                    RegionMembership, {"user": user, "region": region}, {"role": role}
                )
                self.report.count("memberships", created)
            for region_key, name in user_spec.coordinates:
                if region_key == spec.key:
                    neighbourhood_services.grant_coordinator(neighbourhoods[name], user)

    # --- organisations -------------------------------------------------------------------------

    def build_insurers(self):
        for spec in data.INSURERS:
            insurer, created = ensure(Organisation, {"name": spec.name}, {"kind": spec.kind})
            self.report.count("insurers", created)
            self.insurers[spec.key] = insurer

    # --- one region ----------------------------------------------------------------------------

    def build_region(self, spec: data.RegionSpec):
        admin = self.users["demo-platformbeheer"]
        staff = self.users[spec.staff]
        with acting_as(admin, command="seed_demo"):
            region, created = ensure(
                Region,
                {"code": spec.code},
                {
                    "name": spec.name,
                    "care_office_region": spec.care_office_region,
                    "legal_form": spec.legal_form,
                    "phase": spec.phase,
                    "lead_municipality": spec.lead_municipality,
                    "lead_insurer": self.insurers[spec.lead_insurer],
                    "population": spec.population,
                    "municipalities": list(spec.municipality_names),
                },
            )
            self.report.count("regions", created)
            region.preferred_insurers.add(self.insurers[spec.lead_insurer])
            for key in spec.insurers:
                self.insurers[key].regions.add(region)
            for number, (status, note) in enumerate(spec.tasks, start=1):
                ensure(
                    RegionTask, {"region": region, "task": number}, {"status": status, "note": note}
                )
            self.build_indicators(spec, region)
            organisations = self.build_organisations(spec, region)
            goals = self.build_regioplan(spec, region)
            neighbourhoods = self.build_neighbourhoods(spec, region)
        self.grant_region_roles(spec, region, neighbourhoods)
        # From here the region's own people enter what they maintain; history names them.
        self.build_alliances(spec, region, neighbourhoods, staff)
        self.build_bottlenecks(spec, neighbourhoods, staff)
        self.build_mandates(spec, region, organisations, staff)
        for agreement_spec in spec.agreements:
            self.build_agreement(spec, region, agreement_spec, goals, staff)

    def build_indicators(self, spec, region):
        """The region's figures of the last two years, beside the country's in the regiobeeld."""
        for kind, before, last in spec.indicators:
            for year, value in ((self.year - 2, before), (self.year - 1, last)):
                _row, created = ensure(
                    RegionIndicator,
                    {"region": region, "kind": kind, "year": year},
                    {"value": value, "source": data.INDICATOR_SOURCES[kind]},
                )
                self.report.count("indicators", created)

    def build_organisations(self, spec, region) -> dict:
        organisations = {}
        for code in spec.mono_disciplines:
            organisation, created = ensure(
                Organisation,
                {"name": data.MONO_NAMES[code].format(short=spec.short)},
                {"kind": Organisation.Kind.MONODISCIPLINARY, "discipline": self.disciplines[code]},
            )
            organisation.regions.add(region)
            self.report.count("organisations", created)
            organisations[code] = organisation
        for name in spec.municipalities:
            organisation, created = ensure(
                Organisation, {"name": name}, {"kind": Organisation.Kind.MUNICIPALITY}
            )
            organisation.regions.add(region)
            self.report.count("organisations", created)
            organisations[name] = organisation
        return organisations

    def build_regioplan(self, spec, region) -> dict:
        goals = {}
        for goal_spec in spec.goals:
            goal, created = ensure(
                RegionGoal,
                {"region": region, "title": goal_spec.title},
                {"vision_goal": goal_spec.vision_goal, "description": goal_spec.description},
            )
            self.report.count("regioplan goals", created)
            goals[goal_spec.title] = goal
            for title, owner, (month, day), status in goal_spec.actions:
                ensure(
                    RegionAction,
                    {"goal": goal, "title": title},
                    {
                        "region": region,
                        "owner": owner,
                        "status": status,
                        "due_date": datetime.date(self.year, month, day),
                    },
                )
        return goals

    def build_neighbourhoods(self, spec, region) -> dict:
        neighbourhoods = {}
        for nb in spec.neighbourhoods:
            neighbourhood, created = ensure(
                Neighbourhood,
                {"region": region, "name": nb.name},
                {
                    "municipality": nb.municipality,
                    "population": nb.population,
                    "cbs_codes": list(nb.cbs_codes),
                },
            )
            self.report.count("neighbourhoods", created)
            neighbourhoods[nb.name] = neighbourhood
        return neighbourhoods

    def build_alliances(self, spec, region, neighbourhoods, actor):
        serial = sum(ord(c) for c in spec.key)
        for nb in spec.neighbourhoods:
            neighbourhood = neighbourhoods[nb.name]
            kind, _sep, codes = nb.alliance.partition(":")
            missing = set(codes.split(",")) if kind == "missing" else set()
            inactive = set(codes.split(",")) if kind == "inactive" else set()
            for code in (*data.CORE, *nb.extra_disciplines):
                if code in missing:
                    continue
                serial += 1
                first = data.FIRST_NAMES[serial % len(data.FIRST_NAMES)]
                last = data.LAST_NAMES[(serial // 3) % len(data.LAST_NAMES)]
                name = f"{first} {last}"
                contact = (
                    AllianceContact.objects.filter(
                        neighbourhood=neighbourhood, discipline=self.disciplines[code]
                    )
                    .order_by("pk")
                    .first()
                )
                if contact is None:
                    contact = neighbourhood_services.add_contact(
                        actor,
                        neighbourhood,
                        discipline=self.disciplines[code],
                        name=name,
                        role=data.CONTACT_ROLES.get(code, ""),
                        email=f"{first}.{last}".lower().replace(" ", "") + "@example.test",
                        phone=f"06-0000{serial % 10000:04d}",
                    )
                    self.report.count("alliance contacts", True)
                if code in inactive and contact.active:
                    neighbourhood_services.deactivate_contact(actor, contact)

    def build_bottlenecks(self, spec, neighbourhoods, staff):
        coordinator = next(u for u in data.USERS if u.coordinates)
        coordinated = {name for key, name in coordinator.coordinates if key == spec.key}
        for item in spec.bottlenecks:
            neighbourhood = neighbourhoods[item.neighbourhood]
            actor = self.users[coordinator.username] if item.neighbourhood in coordinated else staff
            bottleneck = Bottleneck.objects.filter(
                neighbourhood=neighbourhood, description=item.description
            ).first()
            if bottleneck is None:
                bottleneck = neighbourhood_services.record_bottleneck(
                    actor, neighbourhood, theme=item.theme, description=item.description
                )
                self.report.count("bottlenecks", True)
            resolved = bottleneck.status == Bottleneck.Status.RESOLVED
            if item.escalated and not bottleneck.is_escalated and not resolved:
                bottleneck = neighbourhood_services.escalate_bottleneck(actor, bottleneck)
            if item.resolution and bottleneck.status != Bottleneck.Status.RESOLVED:
                neighbourhood_services.resolve_bottleneck(
                    staff if item.escalated else actor, bottleneck, resolution=item.resolution
                )

    # --- mandates ------------------------------------------------------------------------------

    def mandate_dates(self, kind: str) -> dict:
        today, year = self.today, self.year
        if kind == "expiring":
            return {
                "valid_from": today - datetime.timedelta(days=730),
                "valid_until": today + datetime.timedelta(days=45),
            }
        if kind == "expired":
            return {
                "valid_from": today - datetime.timedelta(days=3 * 365),
                "valid_until": today - datetime.timedelta(days=30),
            }
        return {
            "valid_from": datetime.date(year - 1, 1, 1),
            "valid_until": datetime.date(year + 2, 12, 31),
        }

    def mandate_as_intended(self, mandate: Mandate, kind: str) -> bool:
        status = mandate.status_on(self.today)
        if kind == "revoked":
            return status == MandateStatus.REVOKED
        if kind == "expired":
            return status == MandateStatus.EXPIRED
        if kind == "expiring":
            return (
                mandate.is_valid_on(self.today)
                and mandate.valid_until is not None
                and mandate.valid_until <= self.today + datetime.timedelta(EXPIRING_WITHIN_DAYS)
            )
        return status == MandateStatus.VALID

    def build_mandates(self, spec, region, organisations, actor):
        for item in spec.mandates:
            organisation = organisations[item.discipline]
            mandate = Mandate.objects.filter(
                region=region,
                discipline=self.disciplines[item.discipline],
                organisation=organisation,
                delegate_name=item.delegate,
            ).first()
            dates = self.mandate_dates(item.kind)
            if mandate is None:
                mandate = mandate_services.create_mandate(
                    actor,
                    region,
                    discipline=self.disciplines[item.discipline],
                    organisation=organisation,
                    delegate_name=item.delegate,
                    delegate_email=item.delegate.lower().replace("dr. ", "").replace(" ", ".")
                    + "@example.test",
                    scope=list(item.scope),
                    backing_practitioners=item.backing,
                    discipline_practitioners=item.total,
                    **dates,
                )
                self.report.count("mandates", True)
            elif not self.mandate_as_intended(mandate, item.kind):
                # Another day: move the dates so the demo still shows what it is meant to.
                with transaction.atomic(), acting_as(actor, command="seed_demo"):
                    for name, value in dates.items():
                        setattr(mandate, name, value)
                    if mandate.revoked_on is not None:
                        mandate.revoked_on = self.today - datetime.timedelta(days=20)
                    save_validated(mandate)
            if item.kind == "revoked" and mandate.revoked_on is None:
                mandate_services.revoke_mandate(
                    actor,
                    mandate,
                    on=self.today - datetime.timedelta(days=20),
                    reason=item.revocation_reason,
                )

    # --- agreements ----------------------------------------------------------------------------

    def build_agreement(self, region_spec, region, spec: data.AgreementSpec, goals, staff):
        if Agreement.objects.filter(region=region, reference=spec.reference).exists():
            self.report.skipped_agreements.append(spec.reference)
            return
        first, last = spec.years
        with transaction.atomic(), acting_as(staff, command="seed_demo"):
            agreement = save_validated(
                Agreement(
                    region=region,
                    reference=spec.reference,
                    title=spec.title,
                    type=spec.type,
                    procurement_model=spec.procurement_model,
                    framework=spec.framework,
                    price_arrangement=spec.price_arrangement,
                    acm_reference=spec.acm_reference,
                    period_start=datetime.date(self.year + first, 1, 1),
                    period_end=datetime.date(self.year + last, 12, 31),
                    description=spec.description,
                    main_tasks=list(spec.main_tasks),
                )
            )
            for code in spec.disciplines:
                save_validated(
                    AgreementDiscipline(agreement=agreement, discipline=self.disciplines[code])
                )
            for title in spec.goals:
                save_validated(AgreementGoal(agreement=agreement, goal=goals[title]))
            for offset, segment, amount, description in spec.budget:
                self.add_budget(agreement, self.year + offset, segment, amount, description)
            for name, unit, baseline, goal in spec.targets:
                save_validated(
                    Target(agreement=agreement, name=name, unit=unit, baseline=baseline, goal=goal)
                )
        shares = dict(spec.shares)
        lead = region_spec.lead_insurer
        agreement_services.add_party(
            staff,
            agreement,
            self.insurers[lead],
            is_lead=not agreement.is_signed_by_parties,
            cost_share=shares.get(lead),
        )
        for key in spec.followers:
            agreement_services.add_party(
                staff, agreement, self.insurers[key], cost_share=shares.get(key)
            )
        for name in spec.other_parties:
            agreement_services.add_party(staff, agreement, Organisation.objects.get(name=name))
        for step in spec.story:
            self.play(step, agreement, staff)
        agreement.refresh_from_db()
        if agreement.status != spec.expected_status:
            raise AssertionError(
                f"{spec.reference} ended as {agreement.status}, not {spec.expected_status}"
            )
        if agreement.status in ("approved", "active"):
            self.measure(agreement, staff, data.REGIONS.index(region_spec))
        self.report.count("agreements", True)

    def measure(self, agreement, staff, region_number: int):
        """The last three quarters that ended within the period, measured through the services:
        each target moves from its baseline towards its goal (regions at their own pace), and a
        target the national catalogue knows links to its KPI."""
        ended = [p for p in report_periods(agreement, self.today) if p.end < self.today][:3]
        pace = data.MEASURED_PROGRESS[region_number % len(data.MEASURED_PROGRESS)]
        for target in agreement.targets.order_by("pk"):
            if code := data.TARGET_KPIS.get(target.name):
                progress_services.link_kpi(staff, target, Kpi.objects.get(code=code))
            for step, period in enumerate(reversed(ended), start=1):
                progress_services.record_measurement(
                    staff,
                    target,
                    period_start=period.start,
                    period_end=period.end,
                    value=round(target.baseline + (target.goal - target.baseline) * pace * step, 1),
                    source=data.MEASUREMENT_SOURCE,
                    today=self.today,
                )

    @staticmethod
    def add_budget(agreement, year, segment, amount, description):
        save_validated(
            BudgetLine(
                agreement=agreement,
                year=year,
                segment=segment,
                amount=amount,
                description=description,
            )
        )

    def play(self, step: data.Step, agreement, staff):
        if step.action == "submit":
            agreement_services.submit(staff, agreement, on=self.today)
        elif step.action == "review":
            reviewer = next(self.users[u.username] for u in data.USERS if u.insurer == step.insurer)
            latest = agreement.versions.order_by("-number").first()
            agreement_services.review(
                reviewer,
                agreement,
                version=latest.number,
                decision=step.decision,
                comment=step.comment,
                contract_reference=f"{step.insurer.upper()}-{agreement.reference}"
                if step.decision == "approve" and agreement.framework
                else "",
            )
        elif step.action == "sign":
            for party in agreement.parties.select_related("organisation"):
                agreement_services.sign(
                    staff,
                    agreement,
                    party,
                    signatory=f"Bestuurder {party.organisation.name}",
                    signed_on=self.today,
                )
        elif step.action == "update":
            agreement_services.update_draft(staff, agreement, **step.fields)
        elif step.action == "add_target":
            with transaction.atomic(), acting_as(staff, command="seed_demo"):
                save_validated(Target(agreement=agreement, **step.fields))
        elif step.action == "add_budget":
            with transaction.atomic(), acting_as(staff, command="seed_demo"):
                self.add_budget(agreement, **step.fields)
        elif step.action == "activate":
            agreement_services.activate(staff, agreement)
        elif step.action == "end":
            agreement_services.end(staff, agreement)
        else:
            raise ValueError(f"unknown step {step.action}")
