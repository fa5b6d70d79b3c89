from decimal import Decimal

import pytest

from neighbourhoods import services
from neighbourhoods.models import Bottleneck, BottleneckTheme, Neighbourhood
from regions.errors import DomainError

from . import factories as f

pytestmark = pytest.mark.django_db
CORE = ("gp", "district_nursing", "pharmacy", "social_domain")


def complete(neighbourhood, *, except_for=()):
    for code in CORE:
        if code not in except_for:
            f.AllianceContactFactory(neighbourhood=neighbourhood, discipline=f.discipline(code))


def test_alliance_is_complete_with_an_active_contact_for_each_core_discipline():
    hood = f.NeighbourhoodFactory()

    def status():
        annotated = Neighbourhood.objects.with_alliance_status().get(pk=hood.pk)
        return annotated.core_present, annotated.is_complete

    complete(hood, except_for=("social_domain",))
    f.AllianceContactFactory(neighbourhood=hood, discipline=f.discipline("physiotherapy"))
    assert status() == (3, False)

    contact = f.AllianceContactFactory(neighbourhood=hood, discipline=f.discipline("social_domain"))
    assert status() == (4, True)

    services.deactivate_contact(None, contact)
    assert status() == (3, False)


def test_deactivating_twice_is_refused():
    contact = f.AllianceContactFactory()
    services.deactivate_contact(None, contact)
    with pytest.raises(DomainError) as error:
        services.deactivate_contact(None, contact)
    assert error.value.codes == ["already_inactive"] and error.value.conflict


def test_region_coverage_counts_population_of_complete_alliances():
    region = f.RegionFactory()
    full = f.NeighbourhoodFactory(region=region, population=12_000)
    complete(full)
    partial = f.NeighbourhoodFactory(region=region, population=18_000)
    complete(partial, except_for=("pharmacy",))
    f.NeighbourhoodFactory(region=region, population=30_000)
    complete(f.NeighbourhoodFactory(population=99_000))  # another region

    coverage = services.region_coverage(region)
    assert (coverage.population, coverage.covered_population) == (60_000, 12_000)
    assert coverage.share == Decimal("0.2")


def test_coverage_of_a_region_without_neighbourhoods_has_no_share():
    coverage = services.region_coverage(f.RegionFactory())
    assert (coverage.population, coverage.share) == (0, None)


def test_population_outside_the_norm_is_flagged_not_refused():
    assert f.NeighbourhoodFactory(population=8_000).population_outside_norm
    assert not f.NeighbourhoodFactory(population=20_000).population_outside_norm


def test_bottleneck_escalate_and_resolve():
    hood = f.NeighbourhoodFactory()
    bottleneck = services.record_bottleneck(
        None, hood, theme=BottleneckTheme.HOUSING, description="Geen ruimte voor een extra praktijk"
    )
    assert bottleneck.region_id == hood.region_id and not bottleneck.is_escalated

    escalated = services.escalate_bottleneck(None, bottleneck)
    assert escalated.is_escalated
    assert list(Bottleneck.objects.in_region(hood.region).filter(escalated_at__isnull=False)) == [
        escalated
    ]
    with pytest.raises(DomainError) as error:
        services.escalate_bottleneck(None, bottleneck)
    assert error.value.codes == ["already_escalated"]

    with pytest.raises(DomainError) as error:
        services.resolve_bottleneck(None, bottleneck, resolution="  ")
    assert error.value.problems[0].field == "resolution"

    resolved = services.resolve_bottleneck(None, bottleneck, resolution="Ruimte gevonden")
    assert resolved.status == Bottleneck.Status.RESOLVED and resolved.resolved_at
    with pytest.raises(DomainError) as error:
        services.resolve_bottleneck(None, bottleneck, resolution="nog eens")
    assert error.value.codes == ["already_resolved"]


def test_a_resolved_bottleneck_cannot_be_escalated():
    bottleneck = f.BottleneckFactory()
    services.resolve_bottleneck(None, bottleneck, resolution="Opgelost in de wijk")
    with pytest.raises(DomainError) as error:
        services.escalate_bottleneck(None, bottleneck)
    assert error.value.codes == ["resolved"]


def test_invalid_bottleneck_input_names_the_field_and_writes_nothing():
    hood = f.NeighbourhoodFactory()
    with pytest.raises(DomainError) as error:
        services.record_bottleneck(None, hood, theme="weather", description="")
    fields = {p.field for p in error.value.problems}
    assert fields == {"theme", "description"}
    assert not Bottleneck.objects.exists()


def test_contact_added_to_a_neighbourhood_takes_its_region():
    hood = f.NeighbourhoodFactory()
    contact = services.add_contact(
        None, hood, discipline=f.discipline("pharmacy"), name="Apotheker Fictief"
    )
    assert contact.region_id == hood.region_id


def test_a_contact_cannot_name_another_region_than_its_neighbourhood():
    hood = f.NeighbourhoodFactory()
    with pytest.raises(DomainError) as error:
        services.add_contact(
            None, hood, region=f.RegionFactory(), discipline=f.discipline("gp"), name="X"
        )
    assert error.value.codes == ["region"]


def test_grant_coordinator_gives_membership_and_the_grant():
    from regions.tenancy import Action

    hood = f.NeighbourhoodFactory()
    user = f.UserFactory()
    services.grant_coordinator(hood, user)
    assert list(Neighbourhood.objects.visible_to(user)) == [hood]
    assert not Neighbourhood.objects.visible_to(user, Action.CHANGE).exists()
