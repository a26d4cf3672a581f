"""Exports of the whole data set: the bulk files with their Frictionless data package
(bulk.py, datapackage.py), their rebuilds (builds.py), and OC4IDS (oc4ids.py)."""
