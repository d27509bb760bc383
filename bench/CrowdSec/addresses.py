#!/usr/bin/env python3
"""Writes the bench's N addresses as a cscli decisions import CSV (the same addresses seed_gateway.py bans)."""
import sys

count = int(sys.argv[1])
print("duration,scope,value,reason,type")
for i in range(count):
    print(f"4h,ip,1.{10 + i // 62500}.{(i // 250) % 250}.{i % 250 + 1},bench,ban")
