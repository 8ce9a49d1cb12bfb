"""Validates an order: every item needs a sku and a positive quantity. Prints {"valid", "total"}."""
import json
import sys

order = json.load(sys.stdin)
items = order.get("items", [])
valid = bool(items) and all(i.get("sku") and i.get("quantity", 0) > 0 for i in items)
total = sum(i.get("quantity", 0) * i.get("price", 0) for i in items)
print(f"checked {len(items)} items", file=sys.stderr)
json.dump({"valid": valid, "total": total}, sys.stdout)
