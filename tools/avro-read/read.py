"""Reads Avro files with fastavro and prints one JSON document: the writer schema and every record, each value as
exact text (ints and decimals as strings, bytes as base64, floats as repr with NaN/Infinity, dates ISO)."""
import base64, datetime, decimal, json, math, sys
from fastavro import reader

def text(v):
    if v is None:
        return None
    if isinstance(v, bool):
        return 'true' if v else 'false'
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        if math.isnan(v):
            return 'NaN'
        if math.isinf(v):
            return 'Infinity' if v > 0 else '-Infinity'
        return repr(v)
    if isinstance(v, (bytes, bytearray)):
        return base64.b64encode(bytes(v)).decode('ascii')
    if isinstance(v, decimal.Decimal):
        return format(v, 'f')
    if isinstance(v, (datetime.date, datetime.datetime, datetime.time)):
        return v.isoformat()
    return str(v)

out = []
for path in sys.argv[1:]:
    with open(path, 'rb') as f:
        r = reader(f)
        out.append({'schema': r.writer_schema, 'codec': r.codec,
                    'records': [{k: text(v) for k, v in rec.items()} for rec in r]})
json.dump(out, sys.stdout)
