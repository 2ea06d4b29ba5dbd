#!/usr/bin/env python3
"""Prints, once a second, how many cores the platform, the intake load driver and PostgreSQL (all its processes) used
in that second, and the whole machine, read from /proc (Linux). Start it beside scripts/bench-intake.sh:

    python3 scripts/cpu-by-process.py > /tmp/cpu.log &
    scripts/bench-intake.sh 20 64,64,64 token
    kill %1

A process that appears between two samples counts from its second sample on."""
import os
import time

HZ = os.sysconf('SC_CLK_TCK')


def processes():
    out = {}
    for pid in os.listdir('/proc'):
        if not pid.isdigit():
            continue
        try:
            with open(f'/proc/{pid}/cmdline', 'rb') as f:
                cmd = f.read()
            with open(f'/proc/{pid}/stat') as f:
                stat = f.read()
        except OSError:
            continue
        name = stat[stat.index('(') + 1:stat.rindex(')')]
        fields = stat[stat.rindex(')') + 2:].split()
        ticks = int(fields[11]) + int(fields[12])  # utime + stime
        if b'FengqiaoApplication' in cmd:
            out[pid] = ('platform', ticks)
        elif b'IntakeLoadDriver' in cmd:
            out[pid] = ('driver', ticks)
        elif name == 'postgres':
            out[pid] = ('postgres', ticks)
    return out


def busy():
    with open('/proc/stat') as f:
        v = list(map(int, f.readline().split()[1:]))
    return v[0] + v[1] + v[2] + v[5] + v[6]  # user nice system irq softirq


prev, prev_busy, prev_t = processes(), busy(), time.time()
while True:
    time.sleep(1)
    cur, cur_busy, t = processes(), busy(), time.time()
    cores = {'platform': 0, 'driver': 0, 'postgres': 0}
    for pid, (kind, ticks) in cur.items():
        if pid in prev:
            cores[kind] += ticks - prev[pid][1]
    dt = t - prev_t
    print(f"{int(t)} platform {cores['platform'] / HZ / dt:.2f} driver {cores['driver'] / HZ / dt:.2f}"
          f" postgres {cores['postgres'] / HZ / dt:.2f} machine {(cur_busy - prev_busy) / HZ / dt:.2f}", flush=True)
    prev, prev_busy, prev_t = cur, cur_busy, t
