#!/usr/bin/env python3
"""Starts one Type=notify service command the way systemd would see it and prints one JSON line:
seconds from exec to READY=1, and the process's RSS (VmRSS) at READY=1 and after an idle wait.

usage: notify_start.py IDLE_SECONDS -- COMMAND...   (the environment is passed through; NOTIFY_SOCKET is added)
"""
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time


def rss_kib(pid):
    with open(f"/proc/{pid}/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return -1


def main():
    idle = float(sys.argv[1])
    command = sys.argv[sys.argv.index("--") + 1:]
    folder = tempfile.mkdtemp(prefix="fwgw-bench-notify-")
    os.chmod(folder, 0o755)  # the service may run as its own account
    path = os.path.join(folder, "notify.sock")
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    listener.bind(path)
    os.chmod(path, 0o777)
    env = dict(os.environ, NOTIFY_SOCKET=path)
    started = time.monotonic()
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    listener.settimeout(120)
    ready = None
    try:
        while ready is None:
            message = listener.recv(4096).decode("utf-8", "replace")
            if "READY=1" in message.split("\n"):
                ready = time.monotonic() - started
        rss_ready = rss_kib(process.pid)
        time.sleep(idle)
        rss_idle = rss_kib(process.pid)
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            process.kill()
        listener.close()
        os.unlink(path)
        os.rmdir(folder)
    print(json.dumps({"ready_s": round(ready, 3), "rss_ready_mib": round(rss_ready / 1024, 1),
                      "rss_idle_mib": round(rss_idle / 1024, 1), "exit": process.returncode}))


if __name__ == "__main__":
    main()
