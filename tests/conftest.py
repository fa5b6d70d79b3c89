"""Cross-tenant fixtures: two regions, a party insurer and an unrelated one, a user per role."""

from dataclasses import dataclass

import pytest
from guardian.shortcuts import assign_perm

from neighbourhoods.models import COORDINATE_PERMISSION
from regions.tenancy import Role

from . import factories as f


@dataclass
class World:
    region: object
    other_region: object
    neighbourhood: object
    other_neighbourhood_same_region: object
    agreement: object
    party_insurer: object
    unrelated_insurer: object
    admin: object
    editor: object
    viewer: object
    coordinator: object
    other_region_editor: object
    party_insurer_member: object
    unrelated_insurer_member: object
    national: object
    platform_admin: object

    @property
    def outsiders(self):
        """Users who must never reach the region's rows."""
        return {
            "staff of another region": self.other_region_editor,
            "member of an unrelated insurer": self.unrelated_insurer_member,
            "national governance": self.national,
        }


@pytest.fixture
def world(db):
    region = f.RegionFactory(code="utrecht-west", name="Regio Fictief Utrecht-West")
    other_region = f.RegionFactory(code="twente-noord", name="Regio Fictief Twente-Noord")
    party_insurer = f.OrganisationFactory(insurer=True, regions=[region])
    unrelated_insurer = f.OrganisationFactory(insurer=True, regions=[other_region])
    neighbourhood = f.NeighbourhoodFactory(region=region, name="Oog in Al")
    agreement = f.AgreementFactory(region=region)
    f.PartyFactory(agreement=agreement, organisation=party_insurer)

    def member(role, of=region):
        return f.MembershipFactory(region=of, role=role).user

    coordinator = member(Role.COORDINATOR)
    assign_perm(f"neighbourhoods.{COORDINATE_PERMISSION}", coordinator, neighbourhood)
    party_insurer_member = f.UserFactory()
    party_insurer.group.user_set.add(party_insurer_member)
    unrelated_insurer_member = f.UserFactory()
    unrelated_insurer.group.user_set.add(unrelated_insurer_member)
    return World(
        region=region,
        other_region=other_region,
        neighbourhood=neighbourhood,
        other_neighbourhood_same_region=f.NeighbourhoodFactory(region=region, name="Lombok"),
        agreement=agreement,
        party_insurer=party_insurer,
        unrelated_insurer=unrelated_insurer,
        admin=member(Role.ADMIN),
        editor=member(Role.EDITOR),
        viewer=member(Role.VIEWER),
        coordinator=coordinator,
        other_region_editor=member(Role.EDITOR, of=other_region),
        party_insurer_member=party_insurer_member,
        unrelated_insurer_member=unrelated_insurer_member,
        national=f.UserFactory(national=True),
        platform_admin=f.UserFactory(platform_admin=True),
    )
