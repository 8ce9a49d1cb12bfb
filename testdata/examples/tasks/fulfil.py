"""Charges a payment ("charge") or reserves one item ("reserve"). Fails with an error object on bad input."""
import json
import sys

action = sys.argv[1]
event = json.load(sys.stdin)
if action == "charge":
    amount = event.get("amount", 0)
    if amount <= 0:
        json.dump({"errorType": "PaymentDeclined", "errorMessage": f"cannot charge {amount}"}, sys.stdout)
        sys.exit(1)
    json.dump({"charged": amount, "receipt": "r-" + str(int(amount * 100))}, sys.stdout)
else:
    json.dump({"sku": event["sku"], "reserved": event["quantity"]}, sys.stdout)
