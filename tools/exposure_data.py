#!/usr/bin/env python3
"""Rebuilds Vigil's bundled exposure data from the shared data folder.

    python3 tools/exposure_data.py [SHARED_DATA]      (default: ../shared/data)

- exchange-builds.json and sharepoint-thresholds.json are copied byte for byte from SHARED_DATA/exposure;
- kev-microsoft-servers.json is SHARED_DATA/kev/known_exploited_vulnerabilities.json cut down to the entries whose
  vendorProject and product match a family in exposure.json (Vigil's own settings), in catalogue order, with the
  catalogue's title, version and release date and 'count' set to the entries kept.

ExposureDataTest checks that the bundled files still agree with the shared data when it is present.
"""
import json
import pathlib
import shutil
import sys

HERE = pathlib.Path(__file__).resolve().parent.parent / "src/main/resources/dev/vigil/exposure"


def main():
    shared = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else "../shared/data")
    for name in ("exchange-builds.json", "sharepoint-thresholds.json"):
        shutil.copyfile(shared / "exposure" / name, HERE / name)
    settings = json.loads((HERE / "exposure.json").read_text(encoding="utf-8"))
    catalogue = json.loads((shared / "kev/known_exploited_vulnerabilities.json").read_text(encoding="utf-8"))

    def covered(entry):
        return any(entry["vendorProject"] == family["kevVendorProject"]
                   and any(word in entry["product"] for word in family["kevProductContains"])
                   for family in settings["families"].values())

    kept = [entry for entry in catalogue["vulnerabilities"] if covered(entry)]
    subset = {
        "title": catalogue["title"],
        "catalogVersion": catalogue["catalogVersion"],
        "dateReleased": catalogue["dateReleased"],
        "count": len(kept),
        "vulnerabilities": kept,
    }
    (HERE / "kev-microsoft-servers.json").write_text(json.dumps(subset, indent=2, ensure_ascii=False) + "\n",
                                                     encoding="utf-8")
    print(f"kept {len(kept)} of {len(catalogue['vulnerabilities'])} KEV entries "
          f"(catalogue {catalogue['catalogVersion']})")


if __name__ == "__main__":
    main()
