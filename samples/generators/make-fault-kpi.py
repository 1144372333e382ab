#!/usr/bin/python3
"""Seeded generator of a synthetic KPI table with the published column ranges of the
network-fault-pipeline project's signal_metrics.csv (that table has no licence, so it is
not bundled; see ../shared/data/network-fault-pipeline-kpi/PROVENANCE.md).

The original is itself synthetic: a fixed 187.210173 s step, flat latency (10-200 ms) and
throughput (1-100 Mbps), signal -117 to -75 dBm, Signal Quality always 0, and SDR columns
that use 0.0 for "missing" (on 3G rows here). Run with Python 3's standard library only:

    samples/generators/make-fault-kpi.py > samples/fault-kpi-synthetic.csv
"""
import datetime
import random
import sys

ROWS = 5000
SEED = 20230505
STEP_S = 187.210173

rng = random.Random(SEED)
start = datetime.datetime(2023, 5, 5, 12, 50, 40)
localities = ["Locality %02d" % i for i in range(1, 21)]
network_types = ["LTE", "4G", "3G", "5G"]

out = sys.stdout
out.write("Timestamp,Locality,Latitude,Longitude,Signal Strength (dBm),Signal Quality (%),"
          "Data Throughput (Mbps),Latency (ms),Network Type,BB60C Measurement (dBm),"
          "srsRAN Measurement (dBm),BladeRFxA9 Measurement (dBm)\n")
for i in range(ROWS):
    ts = start + datetime.timedelta(seconds=STEP_S * i)
    loc = rng.randrange(len(localities))
    lat = 25.41 + 0.36 * (loc / 19.0) + rng.uniform(-0.005, 0.005)
    lon = 84.96 + 0.36 * ((loc * 7 % 20) / 19.0) + rng.uniform(-0.005, 0.005)
    signal = min(-74.6, max(-116.9, rng.gauss(-89.0, 6.5)))
    throughput = rng.uniform(1.0004, 99.99)
    latency = rng.uniform(10.02, 199.99)
    net = network_types[rng.randrange(4)]
    if net == "3G":
        sdr = [0.0, 0.0, 0.0]
    else:
        sdr = [signal + rng.gauss(0, 3) for _ in range(3)]
    out.write("%s,%s,%.6f,%.6f,%.6f,0.0,%.6f,%.6f,%s,%.6f,%.6f,%.6f\n" % (
        ts.strftime("%Y-%m-%d %H:%M:%S.%f"), localities[loc], lat, lon, signal, throughput,
        latency, net, sdr[0], sdr[1], sdr[2]))
