"""TLS front for the RouterOS emulator that behaves like RouterOS 6 API-SSL with an RSA certificate: TLS 1.2 only,
DHE-RSA cipher suites only, the Diffie-Hellman group given. Real OpenSSL (Python's ssl module), because .NET's
server side sets no DH parameters and so cannot offer DHE at all. Forwards each connection to the emulator's plain
port. Prints the port it listens on, then serves until stdin closes.

usage: tls12-dhe-front.py <backend port> <certificate.pem> <key.pem> <dhparams.pem>
"""
import socket
import ssl
import sys
import threading

backend_port, cert, key, dh = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
context.minimum_version = context.maximum_version = ssl.TLSVersion.TLSv1_2
# SECLEVEL=0 so this side also serves the weak (1024-bit) profile: refusing it is the client's decision.
context.set_ciphers("DHE-RSA-AES256-GCM-SHA384:DHE-RSA-AES128-GCM-SHA256:DHE-RSA-AES256-SHA:DHE-RSA-AES128-SHA:@SECLEVEL=0")
context.load_cert_chain(cert, key)
context.load_dh_params(dh)
server = socket.create_server(("127.0.0.1", 0))
print(server.getsockname()[1], flush=True)


def pump(source, target):
    try:
        while data := source.recv(65536):
            target.sendall(data)
    except OSError:
        pass
    finally:
        for s in (source, target):
            try:
                s.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass


def serve(client):
    try:
        tls = context.wrap_socket(client, server_side=True)
    except (ssl.SSLError, OSError):
        client.close()
        return
    backend = socket.create_connection(("127.0.0.1", backend_port))
    threading.Thread(target=pump, args=(backend, tls), daemon=True).start()
    pump(tls, backend)


def accept():
    while True:
        client, _ = server.accept()
        threading.Thread(target=serve, args=(client,), daemon=True).start()


threading.Thread(target=accept, daemon=True).start()
sys.stdin.read()
