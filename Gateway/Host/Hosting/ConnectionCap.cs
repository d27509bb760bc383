using System.Diagnostics.Metrics;
using FirewallGateway.Core.Diagnostics;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Options;

namespace FirewallGateway.Hosting;

/// <summary>
/// The soft cap on open HTTP connections (<c>Limits:MaxConnections</c>), as Kestrel connection middleware that runs
/// before TLS and HTTP: a connection within the cap goes on to TLS and HTTP; one past it is answered 503 by
/// <see cref="OverCapacityAnswer"/> instead of being closed unanswered, which is what Kestrel's own limit does and
/// what curl <c>--retry</c> does not retry. At most <c>MaxShedConnections</c> are being answered at once, beyond
/// them a connection is closed at once; Kestrel's own limit stays, at <c>MaxConnections + MaxShedConnections</c>
/// per listen address, as the backstop that bounds memory whatever arrives.
/// </summary>
internal sealed class ConnectionCap
{
    private readonly int _maxConnections;
    private readonly OverCapacityAnswer _answer;
    private readonly Counter<long> _shed;
    private readonly int _maxShedding;
    private int _open;
    private int _shedding;

    public ConnectionCap(IOptions<LimitsOptions> limits, OverCapacityAnswer answer, IMeterFactory meterFactory)
    {
        _maxConnections = limits.Value.MaxConnections;
        _maxShedding = limits.Value.MaxShedConnections;
        _answer = answer;
        _shed = meterFactory.Create(ReportMetrics.MeterName).CreateCounter<long>(
            "firewallgateway.http.connections.shed",
            description: "Connections past Limits:MaxConnections, by how they ended: answered 503 (http, tls) or closed unanswered (closed: past MaxShedConnections; tls-closed: past MaxShedHandshakes; no-request; timeout)");
    }

    /// <summary>Connections within the cap, open now.</summary>
    public int Open => Volatile.Read(ref _open);

    public ConnectionDelegate Wrap(ConnectionDelegate next) => connection => OnConnectionAsync(connection, next);

    private async Task OnConnectionAsync(ConnectionContext connection, ConnectionDelegate next)
    {
        if (Interlocked.Increment(ref _open) <= _maxConnections)
        {
            try
            {
                await next(connection);
            }
            finally
            {
                Interlocked.Decrement(ref _open);
            }

            return;
        }

        Interlocked.Decrement(ref _open);
        string outcome;
        try
        {
            // Kestrel's limit counts each listen address apart; this one holds for all of them together.
            outcome = Interlocked.Increment(ref _shedding) > _maxShedding ? "closed" : await _answer.AnswerAsync(connection, next);
        }
        finally
        {
            Interlocked.Decrement(ref _shedding);
        }

        _shed.Add(1, new KeyValuePair<string, object?>("outcome", outcome));
    }
}
