import datetime

import pytest

from mandates import services
from mandates.models import Mandate, MandateScope, MandateStatus
from regions.errors import DomainError

from . import factories as f

pytestmark = pytest.mark.django_db
D = datetime.date
DAY = D(2026, 6, 1)  # the day these tests stand on; the factories' mandates: 2026 and 2027


@pytest.mark.parametrize(
    ("day", "status"),
    [
        (D(2025, 12, 31), MandateStatus.NOT_YET_VALID),
        (D(2026, 1, 1), MandateStatus.VALID),
        (D(2027, 10, 1), MandateStatus.VALID),  # 91 days before valid_until
        (D(2027, 10, 2), MandateStatus.EXPIRING),  # 90 days before valid_until
        (D(2027, 12, 31), MandateStatus.EXPIRING),
        (D(2028, 1, 1), MandateStatus.EXPIRED),
    ],
)
def test_status_on_a_day(day, status):
    mandate = f.MandateFactory(valid_from=D(2026, 1, 1), valid_until=D(2027, 12, 31))
    assert mandate.status_on(day) == status
    assert Mandate.objects.valid_on(day).filter(pk=mandate.pk).exists() == mandate.is_valid_on(day)


def test_revocation_ends_validity_from_its_date():
    mandate = f.MandateFactory(valid_until=None, today=DAY)
    revoked = services.revoke_mandate(None, mandate, on=D(2026, 6, 1), reason="Nieuwe delegatie")
    assert revoked.status_on(D(2026, 5, 31)) == MandateStatus.VALID
    assert revoked.status_on(D(2026, 6, 1)) == MandateStatus.REVOKED
    assert not Mandate.objects.valid_on(D(2026, 6, 1)).exists()
    with pytest.raises(DomainError) as error:
        services.revoke_mandate(None, mandate, on=D(2026, 7, 1), reason="opnieuw")
    assert error.value.codes == ["already_revoked"] and error.value.conflict


@pytest.mark.parametrize(
    ("day", "reason", "code"),
    [(D(2026, 6, 1), "", "required"), (D(2025, 6, 1), "te vroeg", "before_start")],
)
def test_revocation_needs_a_reason_and_a_date_in_the_period(day, reason, code):
    mandate = f.MandateFactory(today=DAY)
    with pytest.raises(DomainError) as error:
        services.revoke_mandate(None, mandate, on=day, reason=reason)
    assert error.value.codes == [code]
    mandate.refresh_from_db()
    assert mandate.revoked_on is None


def test_mandate_rules_name_each_field():
    region = f.RegionFactory()
    gp_org = f.OrganisationFactory(mono=True)
    with pytest.raises(DomainError) as error:
        services.create_mandate(
            None,
            region,
            discipline=f.discipline("pharmacy"),
            organisation=gp_org,
            delegate_name="Fictief",
            scope=[],
            valid_from=D(2026, 1, 1),
            valid_until=D(2025, 1, 1),
            backing_practitioners=120,
            discipline_practitioners=100,
        )
    fields = {p.field for p in error.value.problems}
    assert {"organisation", "valid_until", "backing_practitioners", "scope"} <= fields
    assert not Mandate.objects.exists()


def test_the_social_domain_is_not_mandated():
    social = f.discipline("social_domain")
    with pytest.raises(DomainError) as error:
        services.create_mandate(
            None,
            f.RegionFactory(),
            discipline=social,
            organisation=f.OrganisationFactory(mono=True, discipline=social),
            delegate_name="Fictief",
            scope=["contracting"],
            valid_from=D(2026, 1, 1),
            backing_practitioners=1,
            discipline_practitioners=2,
        )
    assert "discipline" in {p.field for p in error.value.problems}


def test_coverage_per_discipline_picks_the_best_mandate():
    region = f.RegionFactory()
    f.MandateFactory(region=region, valid_until=D(2026, 3, 1), today=DAY)  # expired gp mandate
    valid_gp = f.MandateFactory(region=region, today=DAY)
    f.MandateFactory(
        region=region, discipline=f.discipline("pharmacy"), valid_until=D(2026, 7, 1), today=DAY
    )
    f.MandateFactory(
        region=region,
        discipline=f.discipline("physiotherapy"),
        scope=[MandateScope.ACUTE_CARE],
        today=DAY,
    )
    f.MandateFactory(discipline=f.discipline("dietetics"), today=DAY)  # another region

    coverage = {c.discipline.code: c for c in services.mandate_coverage(region, DAY)}
    assert len(coverage) == 12  # every primary-care discipline, no social domain
    assert (coverage["gp"].status, coverage["gp"].mandate) == (MandateStatus.VALID, valid_gp)
    assert coverage["pharmacy"].status == MandateStatus.EXPIRING
    assert coverage["physiotherapy"].status == MandateStatus.VALID
    assert coverage["dietetics"].status is None

    contracting = {
        c.discipline.code: c.status
        for c in services.mandate_coverage(region, DAY, scope=MandateScope.CONTRACTING)
    }
    assert contracting["physiotherapy"] is None


def test_coverage_takes_two_queries(django_assert_num_queries):
    region = f.RegionFactory()
    for code in ("gp", "pharmacy", "dietetics"):
        f.MandateFactory(region=region, discipline=f.discipline(code))
    with django_assert_num_queries(2):
        services.mandate_coverage(region, DAY)
