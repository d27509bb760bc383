using System.Net;
using System.Net.Sockets;

namespace FirewallGateway.Snmp.Client;

/// <summary>
/// One request over UDP: send, wait for the datagram that answers it, resend on timeout. Datagrams that do not
/// answer (stale, foreign or undecodable) are ignored, so a late reply to an earlier try cannot be mistaken.
/// </summary>
internal sealed class UdpExchange(TimeProvider timeProvider, SnmpClientOptions options)
{
    /// <summary>The largest UDP payload: any SNMP answer fits.</summary>
    private const int MaxDatagram = 65535;

    /// <summary>
    /// Sends <paramref name="request"/> to <paramref name="endPoint"/> until <paramref name="accept"/> returns an
    /// answer (non-null) for a received datagram. <paramref name="accept"/> may throw
    /// <see cref="SnmpRequestException"/> for a definitive refusal, and returns null for datagrams to ignore.
    /// </summary>
    public async Task<T> SendAsync<T>(EndPoint endPoint, byte[] request, Func<byte[], T?> accept, CancellationToken cancellationToken)
        where T : class
    {
        IPEndPoint target = await ResolveAsync(endPoint, cancellationToken);
        using var socket = new Socket(target.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            // Connected, so the kernel drops datagrams from any other address and port.
            await socket.ConnectAsync(target, cancellationToken);
        }
        catch (SocketException ex)
        {
            throw new SnmpRequestException(SnmpRequestFailure.Timeout, $"cannot send to {target}: {ex.Message}", ex);
        }
        var buffer = new byte[MaxDatagram];
        bool sawMalformed = false;
        for (int attempt = 0; attempt <= options.Retries; attempt++)
        {
            try
            {
                await socket.SendAsync(request, SocketFlags.None, cancellationToken);
            }
            catch (SocketException)
            {
                continue;
            }

            using var timeout = new CancellationTokenSource(options.Timeout, timeProvider);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
            while (true)
            {
                int received;
                try
                {
                    received = await socket.ReceiveAsync(buffer, SocketFlags.None, linked.Token);
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    break;
                }
                catch (SocketException)
                {
                    // ICMP port unreachable (agent restarting): this try is lost, the next may succeed.
                    break;
                }

                try
                {
                    T? answer = accept(buffer.AsSpan(0, received).ToArray());
                    if (answer is not null)
                    {
                        return answer;
                    }
                }
                catch (SnmpDecodeException)
                {
                    sawMalformed = true;
                }
            }
        }

        throw sawMalformed
            ? new SnmpRequestException(SnmpRequestFailure.Malformed, $"{target} answered only with undecodable datagrams")
            : new SnmpRequestException(SnmpRequestFailure.Timeout, $"no answer from {target} after {options.Retries + 1} tries of {options.Timeout.TotalSeconds:0.#} s");
    }

    private static async Task<IPEndPoint> ResolveAsync(EndPoint endPoint, CancellationToken cancellationToken)
    {
        switch (endPoint)
        {
            case IPEndPoint ip:
                return ip;
            case DnsEndPoint dns:
                IPAddress[] addresses;
                try
                {
                    addresses = await Dns.GetHostAddressesAsync(dns.Host, cancellationToken);
                }
                catch (SocketException ex)
                {
                    throw new SnmpRequestException(SnmpRequestFailure.Unresolved, $"cannot resolve '{dns.Host}': {ex.Message}", ex);
                }

                return addresses.Length > 0
                    ? new IPEndPoint(addresses[0], dns.Port)
                    : throw new SnmpRequestException(SnmpRequestFailure.Unresolved, $"'{dns.Host}' has no address");
            default:
                throw new ArgumentException($"unsupported endpoint type {endPoint.GetType().Name}", nameof(endPoint));
        }
    }
}
