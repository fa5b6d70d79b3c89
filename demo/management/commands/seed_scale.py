import datetime
import json

from django.core.management.base import BaseCommand, CommandError

from demo.scale import NATIONAL, ScaleError, ScaleOptions, ScaleSeeder


def positive(value: str) -> int:
    number = int(value)
    if number < 0:
        raise ValueError(value)
    return number


class Command(BaseCommand):
    help = (
        "Fill an empty database with deterministic, national-scale fictional data for "
        "benchmarks (bulk inserts, no services). Counts follow the country: per "
        f"{NATIONAL['regions']} regions {NATIONAL['neighbourhoods']} neighbourhoods, "
        f"{NATIONAL['mandates']} mandates, {NATIONAL['agreements']} agreements and "
        f"{NATIONAL['bottlenecks']} bottlenecks; --factor multiplies every count, regions "
        "included."
    )

    def add_arguments(self, parser):
        parser.add_argument("--regions", type=positive, default=NATIONAL["regions"])
        parser.add_argument(
            "--factor",
            type=positive,
            default=1,
            help="Multiply every count (regions included) by this.",
        )
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument(
            "--flush",
            action="store_true",
            help="Delete all domain rows first (reference disciplines stay).",
        )
        for name in ("neighbourhoods", "mandates", "agreements", "bottlenecks"):
            parser.add_argument(
                f"--{name}",
                type=positive,
                help=f"Total {name} before --factor (default: in proportion to --regions).",
            )
        parser.add_argument("--insurers", type=positive, default=10)
        parser.add_argument(
            "--today",
            type=datetime.date.fromisoformat,
            help="The day mandate validity is relative to (default: today).",
        )
        parser.add_argument(
            "--json", action="store_true", help="Print the result as JSON (for the benchmarks)."
        )

    def handle(self, *args, **options):
        scale = ScaleOptions(
            regions=options["regions"],
            factor=options["factor"],
            seed=options["seed"],
            today=options["today"],
            neighbourhoods=options["neighbourhoods"],
            mandates=options["mandates"],
            agreements=options["agreements"],
            bottlenecks=options["bottlenecks"],
            insurers=options["insurers"],
        )
        try:
            result = ScaleSeeder(scale).run(flush_first=options["flush"])
        except ScaleError as error:
            raise CommandError(str(error)) from None
        if options["json"]:
            self.stdout.write(json.dumps(result))
            return
        counts = result["counts"]
        width = max(len(label) for label in counts)
        for label, count in counts.items():
            self.stdout.write(f"{label.ljust(width)}  {count:>8}")
        self.stdout.write(
            f"{'total rows'.ljust(width)}  {sum(counts.values()):>8}\n"
            f"Seeded {result['totals']['regions']} regions in "
            f"{result['elapsed_seconds']:.1f} s (seed {scale.seed})."
        )
