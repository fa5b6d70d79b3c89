from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render

from .models import MainTask, Region, RegionTask, TaskStatus


@login_required
def region_detail(request, code):
    region = get_object_or_404(
        Region.objects.visible_to(request.user).select_related("lead_insurer"), code=code
    )
    status_by_task = dict(RegionTask.objects.in_region(region).values_list("task", "status"))
    tasks = [
        (task, TaskStatus(status_by_task.get(task.value, TaskStatus.NOT_STARTED)))
        for task in MainTask
    ]
    return render(request, "regions/region_detail.html", {"region": region, "tasks": tasks})
