#!/usr/bin/env python3
"""Writes cleveland-routes.csv: where each of the 303 Cleveland patients must be routed.

An implementation independent of Vigil's Java code: it reads UCI's raw codes (not Vigil's
decoder), applies the routing rules as README.md states them with the thresholds shipped in
application.yaml, and takes each patient's risk from the trainer's own predictions
(models/heart-risk-predictions.csv, same row order), not from the PMML evaluator.
Run from the project root: python3 src/test/resources/expected/expected_routes.py
"""
import csv

RISK_THRESHOLD = 0.5

with open("models/heart-risk-predictions.csv") as f:
    risks = [float(row["probability"]) for row in csv.DictReader(f)]

rows = []
with open("data/processed.cleveland.data") as f:
    for line_number, fields in enumerate(csv.reader(f), start=1):
        age, sex, cp, trestbps, chol, fbs, restecg, thalach = (float(v) for v in fields[:8])
        risk = risks[line_number - 1]
        highest = (220 if sex == 1 else 226) - age
        crisis = trestbps > 180
        hypotension = trestbps < 90
        destinations = {"research"}
        if risk > RISK_THRESHOLD or trestbps >= 140 or crisis or restecg in (1, 2) or thalach < 60 or thalach > highest:
            destinations.add("cardiology")
        if crisis or (hypotension and risk > RISK_THRESHOLD):
            destinations.add("emergency")
        if fbs == 1:
            destinations.add("diabetes")
        if chol > 200:
            destinations.add("dyslipidemia")
        rows.append((line_number, "|".join(sorted(destinations))))

with open("src/test/resources/expected/cleveland-routes.csv", "w", newline="") as f:
    writer = csv.writer(f, lineterminator="\n")
    writer.writerow(["line", "destinations"])
    writer.writerows(rows)
print(f"{len(rows)} patients written")
