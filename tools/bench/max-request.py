#!/usr/bin/env python3
"""Writes a QuoteCover request at the service's default count limits (32 assets, 2,000 loan
buckets, 1,000 options, 200,000 scenarios), as MaxRequestMain builds it in-process: the largest
simulation a default server runs, for memory measurements over gRPC (docs/operations.md,
"Inbound message memory"). Usage: tools/bench/max-request.py HORIZON_HOURS > max.json"""
import json
import sys

hours = float(sys.argv[1]) if len(sys.argv) > 1 else 0.25
assets, buckets, options = 32, 2000, 1000
exposure = {
    "protocolId": "synthetic-max",
    "assets": [
        {
            "id": f"A{k}",
            "assetClass": "ASSET_CLASS_CRYPTO",
            "priceUsd": 3000,
            "annualVolatility": 0.75,
            "tailDof": 4,
            "jump": {"intensityPerYear": 3, "meanLogJump": -0.1, "stdLogJump": 0.05},
            "liquidity": {"linearDepth": {"usdPerPercent": 25e6}, "halfLifeMinutes": 30,
                          "permanentFraction": 0.3},
            "oracle": {"kind": "ORACLE_KIND_PUSH", "latencySeconds": 12,
                       "deviationThresholdFraction": 0.005, "heartbeatSeconds": 3600},
        }
        for k in range(assets)
    ],
    "correlations": [
        {"assetA": f"A{j}", "assetB": f"A{k}", "correlation": 0.6}
        for k in range(assets) for j in range(k)
    ],
    "loanBuckets": [],
    "options": [],
    "controls": {"liquidatorCapacityUsdPerStep": 150e6, "insuranceFundUsd": 40e6},
}
for b in range(buckets):
    health = 1.05 + 0.95 * b / (buckets - 1)
    qty = 1e9 / 3000 / buckets
    exposure["loanBuckets"].append({
        "collateralAssetId": f"A{b % assets}", "collateralQuantity": qty,
        "debtUsd": qty * 3000 * 0.83 / health, "liquidationThreshold": 0.83,
        "liquidationBonus": 0.05, "closeFactor": 0.5, "count": 100})
for i in range(options):
    put = i % 3 != 2
    exposure["options"].append({
        "assetId": f"A{i % 3}", "optionType": "OPTION_TYPE_PUT" if put else "OPTION_TYPE_CALL",
        "strikeUsd": 2800 - 10 * (i % 20) if put else 3400 + 10 * (i % 20),
        "expiryDays": 14 + (i % 5) * 4, "impliedVolatility": 0.7,
        "openInterest": 260000 / options, "dealerSign": -1 if put else 1})
request = {
    "exposure": exposure,
    "cover": {"attachmentUsd": 10e6, "limitUsd": 50e6, "termDays": 30, "costOfCapital": 0.15,
              "expenseLoad": 0.2},
    "settings": {"scenarios": 200000, "seed": "1", "horizonHours": hours, "stepMinutes": 15,
                 "confidenceLevels": [0.95, 0.99, 0.995]},
}
json.dump(request, sys.stdout)
