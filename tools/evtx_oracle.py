#!/usr/bin/env python3
"""Produce reference ("oracle") data for the tests of Vigil's Java EVTX reader.

Usage (from the repository root):

    python3 tools/evtx_oracle.py [--per-file N] DATA_DIR OUT_DIR

for example

    python3 tools/evtx_oracle.py ../shared/data \\
        src/test/resources/dev/vigil/ingest/evtx/oracle

DATA_DIR is the shared test-data directory (it must contain ``evtx/`` and
``sigma/regression_data/``); nothing is copied out of it.  OUT_DIR receives:

record-counts.tsv
    One line per ``.evtx`` file under DATA_DIR/evtx (recursive, sorted by
    path relative to DATA_DIR, '/' separators):
    ``path<TAB>records[<TAB>note]``.  ``records`` is the number of records
    ``evtxexport`` (libevtx-utils, default mode "items", i.e. allocated
    records only, no recovered ones) prints, counted as its
    "Event number" entries.  The third column is present only when
    evtxexport exited non-zero or wrote to stderr ("evtxexport-error").
    Two header lines start with '#': the command and the tool versions.

regression-record-counts.tsv
    The same for the ``.evtx`` files under DATA_DIR/sigma/regression_data.

count-disagreements.tsv
    Files (from both sets) where python-evtx iterates a different number of
    records than evtxexport exports: ``path<TAB>evtxexport<TAB>python-evtx``.

sample.jsonl
    Field values of a deterministic sample of records from DATA_DIR/evtx:
    for each file, up to N records (default 20), evenly spaced over the
    records python-evtx iterates.  One JSON object per line,
    ``{"file": ..., "record": <EventRecordID>, "fields": {...}}``, sorted by
    file, then record.  Values are the text python-evtx (the module behind
    evtx_dump.py) renders, XML-unescaped, otherwise unchanged.

sample.README.md
    Command, tool versions, flattening rules and sample size.

Flattening of one record's XML into ``fields``:

* ``Event/System/X`` element text -> ``X`` (EventID, Channel, Level, ...).
* attribute A of a System child X -> ``X_A`` (Provider_Name,
  TimeCreated_SystemTime, Execution_ProcessID, EventID_Qualifiers, ...).
* ``Event/EventData/Data`` with a Name attribute -> that name (the same for
  any other EventData child with a Name, e.g. ``ComplexData``).
  Unnamed ``Data`` elements -> a JSON list of strings under ``"Data"``, in
  document order; in this list empty items are kept as "" so that positions
  stay meaningful.  Any other EventData child (e.g. ``Binary``) -> its
  element name.
* ``Event/UserData/<Wrapper>/...`` -> every leaf element (no child elements)
  below the wrapper, under its own element name; attributes are ignored.
* Empty text means absent: python-evtx prints ``Qualifiers=""`` and
  ``<Data Name="RuleName"></Data>`` for NULL/empty values, and such fields
  are omitted (except inside the unnamed ``Data`` list, see above).
* If a name occurs more than once (outside System), the value is a JSON list
  of the texts in document order.
* Names are not namespaced per section: a Sysmon ``Data Name="Version"``
  or a UserData ``<Channel>`` meets the System field of the same name, and
  the value becomes a list, System value first.
* ``RenderingInfo`` and any other section of ``Event`` besides System,
  EventData and UserData (e.g. ``ProcessingErrorData``) are skipped.
* Carriage returns inside values are kept (the XML is parsed with every
  literal CR turned into ``&#13;`` first, so XML end-of-line normalisation
  does not turn CRLF into LF).

Records whose XML python-evtx cannot render, or whose rendering is not
well-formed XML, are skipped and counted in sample.README.md.

The Evtx module comes from the Debian package python3-evtx; if the running
python3 cannot import it, /usr/lib/python3/dist-packages is appended to
sys.path.

Output is deterministic: files are processed in sorted order and the
sample positions depend only on each file's record count.
"""

import argparse
import json
import os
import shlex
import subprocess
import sys
import xml.etree.ElementTree as ET
from multiprocessing import Pool

try:
    import Evtx.Evtx as evtx
except ImportError:
    # python3-evtx is a Debian package; a python3 that is not /usr/bin/python3
    # (e.g. pyenv) does not see Debian's dist-packages by default.
    sys.path.append("/usr/lib/python3/dist-packages")
    import Evtx.Evtx as evtx

DEFAULT_PER_FILE = 20
EVTXEXPORT_TIMEOUT_SECONDS = 300


# ---------------------------------------------------------------- listing

def list_evtx_files(data_dir, subdir):
    """Return paths (relative to data_dir, '/'-separated) of .evtx files."""
    found = []
    for root, _dirs, files in os.walk(os.path.join(data_dir, subdir)):
        for name in files:
            if name.lower().endswith(".evtx"):
                full = os.path.join(root, name)
                rel = os.path.relpath(full, data_dir)
                found.append(rel.replace(os.sep, "/"))
    return sorted(found)


def tool_versions():
    """Debian package versions of the two tools, as one line of text."""
    parts = []
    for package in ("libevtx-utils", "python3-evtx"):
        result = subprocess.run(
            ["dpkg-query", "-W", "-f", "${Version}", package],
            capture_output=True, text=True, check=False)
        version = result.stdout.strip() or "unknown"
        parts.append("%s %s" % (package, version))
    return ", ".join(parts)


# ---------------------------------------------------------------- counting

def evtxexport_count(path):
    """Count the records evtxexport exports; return (count, note)."""
    try:
        result = subprocess.run(
            ["evtxexport", path], capture_output=True, check=False,
            timeout=EVTXEXPORT_TIMEOUT_SECONDS)
    except subprocess.TimeoutExpired as error:
        output = error.stdout or b""
        return count_event_numbers(output), "evtxexport-timeout"
    note = ""
    if result.returncode != 0 or result.stderr.strip():
        note = "evtxexport-error"
    return count_event_numbers(result.stdout), note


def count_event_numbers(output):
    """Count the 'Event number' lines of evtxexport's text output."""
    return sum(1 for line in output.splitlines()
               if line.startswith(b"Event number\t"))


def python_evtx_records(log):
    """Return (records, error) for the records python-evtx iterates."""
    records = []
    error = ""
    try:
        for record in log.records():
            records.append(record)
    except Exception as exc:  # python-evtx raises many types
        error = type(exc).__name__
    return records, error


def python_evtx_count(path):
    """Number of records python-evtx iterates, with ' (error: X)' if any."""
    try:
        with evtx.Evtx(path) as log:
            records, error = python_evtx_records(log)
    except Exception as exc:
        return "open error: %s" % type(exc).__name__
    if error:
        return "%d (then %s)" % (len(records), error)
    return len(records)


def count_one(args):
    """Worker: both counts for one file."""
    data_dir, rel = args
    full = os.path.join(data_dir, rel)
    exported, note = evtxexport_count(full)
    return rel, exported, note, python_evtx_count(full)


# ---------------------------------------------------------------- flattening

def local_name(tag):
    """Strip the '{namespace}' prefix ElementTree puts on tag names."""
    return tag.split("}", 1)[1] if tag.startswith("{") else tag


def parse_record_xml(text):
    """Parse python-evtx's XML for one record, keeping CRs in values."""
    return ET.fromstring(text.replace("\r", "&#13;"))


def add_value(fields, name, value):
    """Add a non-empty value; a repeated name turns into a list."""
    if value is None or value == "":
        return
    if name not in fields:
        fields[name] = value
    elif isinstance(fields[name], list):
        fields[name].append(value)
    else:
        fields[name] = [fields[name], value]


def flatten_system(system, fields):
    for child in system:
        name = local_name(child.tag)
        add_value(fields, name, child.text)
        for attr, value in child.attrib.items():
            add_value(fields, "%s_%s" % (name, local_name(attr)), value)


def flatten_event_data(event_data, fields):
    unnamed = []
    for child in event_data:
        tag = local_name(child.tag)
        text = child.text or ""
        if "Name" in child.attrib:
            add_value(fields, child.attrib["Name"], text)
        elif tag == "Data":
            unnamed.append(text)
        else:
            add_value(fields, tag, text)
    if unnamed:
        fields["Data"] = unnamed


def flatten_user_data(user_data, fields):
    for wrapper in user_data:
        for element in wrapper.iter():
            if element is wrapper or len(element) > 0:
                continue
            add_value(fields, local_name(element.tag), element.text)


def flatten_event(event):
    """Turn one parsed <Event> element into a flat {name: value} dict."""
    fields = {}
    for section in event:
        name = local_name(section.tag)
        if name == "System":
            flatten_system(section, fields)
        elif name == "EventData":
            flatten_event_data(section, fields)
        elif name == "UserData":
            flatten_user_data(section, fields)
    return fields


# ---------------------------------------------------------------- sampling

def sample_positions(count, per_file):
    """Evenly spaced indices into a list of `count` records."""
    if count <= per_file:
        return list(range(count))
    return sorted({(i * (count - 1)) // (per_file - 1)
                   for i in range(per_file)})


def sample_one(args):
    """Worker: sampled, flattened records of one file, plus skip count."""
    data_dir, rel, per_file = args
    entries = []
    skipped = 0
    with evtx.Evtx(os.path.join(data_dir, rel)) as log:
        records, _error = python_evtx_records(log)
        for index in sample_positions(len(records), per_file):
            entry = sample_record(rel, records[index])
            if entry is None:
                skipped += 1
            else:
                entries.append(entry)
    return entries, skipped


def sample_record(rel, record):
    """One sample.jsonl entry, or None if the record does not render."""
    try:
        event = parse_record_xml(record.xml())
    except Exception:
        return None
    fields = flatten_event(event)
    record_id = fields.get("EventRecordID")
    record_id = int(record_id) if record_id else record.record_num()
    return {"file": rel, "record": record_id, "fields": fields}


# ---------------------------------------------------------------- output

def write_counts(path, header, rows):
    with open(path, "w", encoding="utf-8", newline="\n") as out:
        out.write(header)
        for rel, exported, note, _py in rows:
            line = "%s\t%d" % (rel, exported)
            if note:
                line += "\t" + note
            out.write(line + "\n")


def write_disagreements(path, header, rows):
    with open(path, "w", encoding="utf-8", newline="\n") as out:
        out.write(header)
        out.write("# path\tevtxexport\tpython-evtx\n")
        for rel, exported, _note, py_count in rows:
            if py_count != exported:
                out.write("%s\t%d\t%s\n" % (rel, exported, py_count))


def write_sample(path, entries):
    entries = sorted(entries, key=lambda e: (e["file"], e["record"]))
    with open(path, "w", encoding="utf-8", newline="\n") as out:
        for entry in entries:
            out.write(json.dumps(entry, ensure_ascii=False) + "\n")
    return entries


def write_readme(path, command, versions, entries, files_total, skipped,
                 per_file):
    files = len({e["file"] for e in entries})
    text = README_TEMPLATE.format(
        command=command, versions=versions, records=len(entries),
        files=files, files_total=files_total, skipped=skipped,
        per_file=per_file)
    with open(path, "w", encoding="utf-8", newline="\n") as out:
        out.write(text)


README_TEMPLATE = """\
# EVTX oracle sample

`sample.jsonl` holds field values of {records} records from {files} of the
{files_total} `.evtx` files under the shared data dir's `evtx/` (up to
{per_file} records per file, evenly spaced over each file's records).
{skipped} sampled record(s) were skipped because python-evtx could not
render them as well-formed XML.

Produced by: `{command}`

Tool versions: {versions}

Values are python-evtx's rendering (the module used by `evtx_dump.py`),
XML-unescaped and otherwise untouched (CR characters kept). Flattening:

- `Event/System/X` text -> `X`; attribute `A` of System child `X` -> `X_A`
  (e.g. `Provider_Name`, `TimeCreated_SystemTime`, `EventID_Qualifiers`).
- `EventData/Data[@Name=N]` (also `ComplexData[@Name=N]`) -> `N`;
  unnamed `Data` -> list under `"Data"` (empty items kept as "");
  other EventData children such as `Binary` -> their element name.
- Leaf elements below `UserData/<Wrapper>` -> their element name
  (attributes ignored).
- Empty text or attribute value (python-evtx's rendering of NULL) ->
  field absent. A name that occurs more than once -> list in document order.
- Names from System, EventData and UserData share one namespace; a clash
  (Sysmon's `Data Name="Version"`, UserData `<Channel>`) gives a list,
  System value first.
- `RenderingInfo` and `ProcessingErrorData` are ignored.

Rendering notes: FILETIMEs are python-evtx's
`datetime.utcfromtimestamp(float(filetime) * 1e-7 - 11644473600)` printed
with `isoformat(' ')`, so they can be off by a microsecond or two from the
exact 100 ns value and have no fraction when it rounds to 0; GUIDs are
lower case in braces; hex ints are `0x` plus zero-padded lower-case digits
(8 or 16); booleans are `True`/`False`; binary is base64; string arrays
are `<string>…</string>` followed by a newline per item.

Record counts per file (from `evtxexport`) are in `record-counts.tsv` and
`regression-record-counts.tsv`; files where python-evtx iterates a
different number of records are listed in `count-disagreements.tsv`.
"""


# ---------------------------------------------------------------- main

def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("data_dir")
    parser.add_argument("out_dir")
    parser.add_argument("--per-file", type=int, default=DEFAULT_PER_FILE)
    args = parser.parse_args(argv)
    if args.per_file < 2:
        parser.error("--per-file must be at least 2")
    return args


def main(argv):
    args = parse_args(argv)
    command = shlex.join(["python3"] + sys.argv)
    versions = tool_versions()
    header = "# produced by: %s\n# tool versions: %s\n" % (command, versions)
    os.makedirs(args.out_dir, exist_ok=True)

    evtx_files = list_evtx_files(args.data_dir, "evtx")
    regression_files = list_evtx_files(args.data_dir,
                                       "sigma/regression_data")
    with Pool(2) as pool:
        evtx_rows = pool.map(count_one,
                             [(args.data_dir, f) for f in evtx_files])
        regression_rows = pool.map(
            count_one, [(args.data_dir, f) for f in regression_files])
        sampled = pool.map(
            sample_one,
            [(args.data_dir, f, args.per_file) for f in evtx_files])

    out = args.out_dir
    write_counts(os.path.join(out, "record-counts.tsv"), header, evtx_rows)
    write_counts(os.path.join(out, "regression-record-counts.tsv"), header,
                 regression_rows)
    write_disagreements(os.path.join(out, "count-disagreements.tsv"), header,
                        evtx_rows + regression_rows)
    entries = [entry for file_entries, _ in sampled for entry in file_entries]
    skipped = sum(skip for _, skip in sampled)
    entries = write_sample(os.path.join(out, "sample.jsonl"), entries)
    write_readme(os.path.join(out, "sample.README.md"), command, versions,
                 entries, len(evtx_files), skipped, args.per_file)
    print("evtx files: %d, regression files: %d, sample records: %d, "
          "skipped: %d" % (len(evtx_files), len(regression_files),
                           len(entries), skipped))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
