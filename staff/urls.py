"""The staff pages of one region: /regio/<code>/..."""

from django.urls import path

from .views import agreements, changes, home, mandates, members, neighbourhoods, plan, progress

app_name = "staff"

urlpatterns = [
    path("<slug:code>/", home.region_home, name="region_home"),
    # neighbourhoods, alliances and bottlenecks
    path("<slug:code>/wijken/", neighbourhoods.neighbourhood_list, name="neighbourhood_list"),
    path(
        "<slug:code>/wijken/nieuw/",
        neighbourhoods.neighbourhood_create,
        name="neighbourhood_create",
    ),
    path(
        "<slug:code>/wijken/<int:pk>/",
        neighbourhoods.neighbourhood_detail,
        name="neighbourhood_detail",
    ),
    path(
        "<slug:code>/wijken/<int:pk>/bewerken/",
        neighbourhoods.neighbourhood_edit,
        name="neighbourhood_edit",
    ),
    path(
        "<slug:code>/wijken/<int:pk>/contactpersonen/nieuw/",
        neighbourhoods.contact_create,
        name="contact_create",
    ),
    path(
        "<slug:code>/wijken/<int:pk>/knelpunten/nieuw/",
        neighbourhoods.bottleneck_create,
        name="bottleneck_create",
    ),
    path(
        "<slug:code>/contactpersonen/<int:pk>/bewerken/",
        neighbourhoods.contact_edit,
        name="contact_edit",
    ),
    path(
        "<slug:code>/contactpersonen/<int:pk>/deactiveren/",
        neighbourhoods.contact_deactivate,
        name="contact_deactivate",
    ),
    path(
        "<slug:code>/contactpersonen/<int:pk>/activeren/",
        neighbourhoods.contact_reactivate,
        name="contact_reactivate",
    ),
    path(
        "<slug:code>/contactpersonen/<int:pk>/anonimiseren/",
        neighbourhoods.contact_anonymise,
        name="contact_anonymise",
    ),
    path("<slug:code>/knelpunten/", neighbourhoods.bottleneck_list, name="bottleneck_list"),
    path(
        "<slug:code>/knelpunten/<int:pk>/opschalen/",
        neighbourhoods.bottleneck_escalate,
        name="bottleneck_escalate",
    ),
    path(
        "<slug:code>/knelpunten/<int:pk>/oplossen/",
        neighbourhoods.bottleneck_resolve,
        name="bottleneck_resolve",
    ),
    # mandates
    path("<slug:code>/mandaten/", mandates.mandate_list, name="mandate_list"),
    path("<slug:code>/mandaten/nieuw/", mandates.mandate_create, name="mandate_create"),
    path("<slug:code>/mandaten/<int:pk>/", mandates.mandate_detail, name="mandate_detail"),
    path("<slug:code>/mandaten/<int:pk>/bewerken/", mandates.mandate_edit, name="mandate_edit"),
    path(
        "<slug:code>/mandaten/<int:pk>/intrekken/", mandates.mandate_revoke, name="mandate_revoke"
    ),
    path(
        "<slug:code>/mandaten/<int:pk>/anonimiseren/",
        mandates.mandate_anonymise,
        name="mandate_anonymise",
    ),
    # agreements
    path("<slug:code>/afspraken/", agreements.agreement_list, name="agreement_list"),
    path("<slug:code>/afspraken/nieuw/", agreements.agreement_edit, name="agreement_create"),
    path("<slug:code>/afspraken/<int:pk>/", agreements.agreement_detail, name="agreement_detail"),
    path(
        "<slug:code>/afspraken/<int:pk>/bewerken/", agreements.agreement_edit, name="agreement_edit"
    ),
    path(
        "<slug:code>/afspraken/<int:pk>/indienen/",
        agreements.agreement_submit,
        name="agreement_submit",
    ),
    path(
        "<slug:code>/afspraken/<int:pk>/ondertekenen/<int:party_pk>/",
        agreements.agreement_sign,
        name="agreement_sign",
    ),
    path(
        "<slug:code>/afspraken/<int:pk>/volgen/<int:party_pk>/",
        agreements.agreement_ask_to_follow,
        name="agreement_ask_to_follow",
    ),
    # progress of a running agreement (before the transitions' <slug:action>)
    path(
        "<slug:code>/afspraken/<int:pk>/voortgang/",
        progress.agreement_progress,
        name="agreement_progress",
    ),
    path(
        "<slug:code>/afspraken/<int:pk>/voortgang/meting/",
        progress.measurement_create,
        name="agreement_measurement_create",
    ),
    path(
        "<slug:code>/afspraken/<int:pk>/voortgang/ritme/",
        progress.rhythm_edit,
        name="agreement_rhythm_edit",
    ),
    path(
        "<slug:code>/afspraken/<int:pk>/voortgang/realisatie/<int:line_pk>/",
        progress.realisation_edit,
        name="agreement_realisation_edit",
    ),
    path(
        "<slug:code>/afspraken/<int:pk>/voortgang/kernindicator/<int:target_pk>/",
        progress.kpi_link_edit,
        name="agreement_kpi_link_edit",
    ),
    path(
        "<slug:code>/afspraken/<int:pk>/<slug:action>/",
        agreements.agreement_transition,
        name="agreement_transition",
    ),
    path(
        "<slug:code>/afspraken/<int:pk>/versies/verschil/",
        agreements.agreement_diff,
        name="agreement_diff",
    ),
    path(
        "<slug:code>/afspraken/<int:pk>/versies/<int:number>/",
        agreements.agreement_version,
        name="agreement_version",
    ),
    # regioplan
    path("<slug:code>/regioplan/", plan.plan, name="plan"),
    path("<slug:code>/regioplan/doelen/nieuw/", plan.goal_edit, name="goal_create"),
    path("<slug:code>/regioplan/doelen/<int:pk>/bewerken/", plan.goal_edit, name="goal_edit"),
    path(
        "<slug:code>/regioplan/doelen/<int:goal_pk>/acties/nieuw/",
        plan.action_create,
        name="action_create",
    ),
    path("<slug:code>/regioplan/acties/<int:pk>/bewerken/", plan.action_edit, name="action_edit"),
    # phase and main tasks, the regiobeeld's indicators
    path("<slug:code>/ontwikkeling/", progress.development, name="development"),
    path("<slug:code>/ontwikkeling/fase/", progress.phase_change, name="development_phase"),
    path("<slug:code>/ontwikkeling/inwoners/", progress.region_facts, name="development_facts"),
    path(
        "<slug:code>/ontwikkeling/hoofdtaken/<int:task>/",
        progress.task_change,
        name="development_task",
    ),
    path("<slug:code>/indicatoren/", progress.indicator_list, name="indicator_list"),
    path("<slug:code>/indicatoren/nieuw/", progress.indicator_edit, name="indicator_create"),
    path(
        "<slug:code>/indicatoren/<int:pk>/bewerken/",
        progress.indicator_edit,
        name="indicator_edit",
    ),
    # the region's change history
    path("<slug:code>/wijzigingen/", changes.changes, name="changes"),
    # members
    path("<slug:code>/leden/", members.members, name="members"),
    path("<slug:code>/leden/uitnodigen/", members.member_invite, name="member_invite"),
    path("<slug:code>/leden/<int:pk>/rol/", members.member_role, name="member_role"),
]
