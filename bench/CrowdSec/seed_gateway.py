#!/usr/bin/env python3
"""Creates N operator bans on a running gateway (4 keep-alive connections), for the bouncer startup bench."""
import base64, http.client, json, sys, threading

port, count, credentials_file = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
user_password = open(credentials_file).read().strip()
auth = "Basic " + base64.b64encode(user_password.encode()).decode()


def address(i):
    return f"1.{10 + i // 62500}.{(i // 250) % 250}.{i % 250 + 1}"


def worker(start, step, failures):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    for i in range(start, count, step):
        body = json.dumps({"address": address(i), "duration": "4h", "reason": "bench"})
        conn.request("POST", "/api/v1/decisions", body, {"Authorization": auth, "Content-Type": "application/json"})
        response = conn.getresponse()
        response.read()
        if response.status not in (200, 201):
            failures.append((address(i), response.status))


if __name__ == "__main__":
    failures = []
    threads = [threading.Thread(target=worker, args=(k, 4, failures)) for k in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if failures:
        sys.exit(f"{len(failures)} bans refused, first: {failures[0]}")
