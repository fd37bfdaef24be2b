"""A local HTTP emulator of fal's and Segmind's APIs, driven by the endpoint catalogue.

    from generator.emulator import Catalogue, Emulator, Fault, Scenario

    with Emulator(Catalogue.from_index("generated/index.json")) as emu:
        ...  # emu.fal_run_url, emu.fal_queue_url, emu.segmind_url, emu.env(), emu.requests

See `server` for the URL layout and `scenario` for scripted faults.
"""

from .catalogue import Catalogue, CatalogueError, EndpointEntry
from .scenario import OPERATIONS, Fault, Scenario
from .server import DEFAULT_FAL_KEY, DEFAULT_SEGMIND_KEY, Emulator
from .state import Job, RecordedRequest
from .testing import emulator_for_index

__all__ = [
    "DEFAULT_FAL_KEY",
    "DEFAULT_SEGMIND_KEY",
    "OPERATIONS",
    "Catalogue",
    "CatalogueError",
    "Emulator",
    "EndpointEntry",
    "Fault",
    "Job",
    "RecordedRequest",
    "Scenario",
    "emulator_for_index",
]
