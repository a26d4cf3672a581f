"""GDAL (as QGIS uses it) opening the API's GeoJSON address itself."""

import re
import shutil
import subprocess

import pytest

from tests.factories import ProjectFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(shutil.which("ogrinfo") is None, reason="GDAL's ogrinfo absent"),
]


def test_ogrinfo_reads_every_feature_from_the_geojson_address(live_server):
    for n in range(3):
        ProjectFactory(name=f"Located {n}")
    ProjectFactory(name="Nowhere", latitude=None, longitude=None)
    # GDAL's GeoJSON driver sends "Accept: text/plain, application/json";
    # ?format=geojson must win over it.
    url = f"{live_server.url}/api/projects/?format=geojson"
    result = subprocess.run(
        ["ogrinfo", "-ro", "-al", "-so", url],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert re.search(r"Feature Count: 3\b", result.stdout), result.stdout
