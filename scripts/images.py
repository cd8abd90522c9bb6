"""`make images`: both images built on the host, then pushed to REGISTRY or imported into k3s."""

from __future__ import annotations

import os
import shutil
import subprocess

from model.paths import ROOT
from model.settings import Settings
from model.validators import ImageComponent
from scripts.kube import OpsError
from scripts.steps import Step


def images(settings: Settings, builder: str) -> list[Step]:
    """Build both images; push them to REGISTRY, or without one import them into k3s's containerd."""
    steps = []
    built: tuple[ImageComponent, ...] = ("backend", "frontend")  # each from the directory of that name
    for service in built:
        ref = settings.image_ref(service)
        if builder == "buildah":
            steps.append(Step(["buildah", "bud", "--layers", "-t", ref, str(ROOT / service)]))
            push = ["buildah", "push", ref, f"docker://{ref}"]
            save = ["buildah", "push", ref, f"docker-archive:/dev/stdout:{ref}"]
        else:
            steps.append(Step([builder, "build", "-t", ref, str(ROOT / service)]))
            push = [builder, "push", ref]
            save = [builder, "save", ref]
        if settings.registry:
            steps.append(Step(push))
        else:
            # k3s runs its own containerd: without a registry the image must be imported there.
            sudo = [] if os.geteuid() == 0 else ["sudo"]
            steps.append(Step(save, pipe_to=[*sudo, "k3s", "ctr", "images", "import", "-"]))
    return steps


def find_builder() -> str:
    for builder in ("docker", "nerdctl", "buildah"):
        if shutil.which(builder):
            if builder == "docker" and subprocess.run(["docker", "info"], capture_output=True).returncode != 0:
                continue  # the client without an engine cannot build
            return builder
    raise OpsError(
        "no image builder: install docker, nerdctl or buildah on the host (or build elsewhere and "
        "push to REGISTRY, or `k3s ctr images import` the saved images)"
    )
