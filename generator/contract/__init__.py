"""The contract check: endpoint specs against the providers' own OpenAPI documents.

snapshot  where a spec's OpenAPI comes from (committed snapshot, or live with MODELGEN_LIVE=1)
facts     how one changed fact is judged (narrowed or widened, breaking or additive)
diff      two Endpoints compared field by field, into a list of Drift
check     every spec of a tree checked, with the disagreements its sources already record
report    the readable table and the JSON report
update    `--update`: refresh the snapshots and re-merge the specs
cli       the `modelgen contract` sub-command
"""
