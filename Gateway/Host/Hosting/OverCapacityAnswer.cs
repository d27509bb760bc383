using System.Globalization;
using System.IO.Pipelines;
using System.Net.Security;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using FirewallGateway.Api;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.Extensions.Options;

namespace FirewallGateway.Hosting;

/// <summary>
/// The answer to a connection past <c>Limits:MaxConnections</c>: <c>503</c> with <c>Retry-After</c> and
/// <c>Connection: close</c>, so curl <c>--retry</c> (the fail2ban sample action) comes back later instead of
/// failing on a reset. Plain HTTP gets canned bytes: no request parsing, no authentication, no DI. TLS (the first
/// byte is a handshake record) cannot be answered before the handshake, so the connection goes on through
/// Kestrel's TLS and HTTP marked as over capacity, and <see cref="OverloadShedding.UseOverCapacityAnswer"/> answers it first thing.
/// Every such connection ends within <see cref="TimeLimit"/>; <c>Limits:MaxShedConnections</c> bounds how many there are.
/// </summary>
internal sealed class OverCapacityAnswer
{
    /// <summary>
    /// Longest a shed connection lives: waiting for its first bytes, the TLS handshake on a loaded host, and then
    /// reading what the client still sends until it closes. Closing while the request is unread makes the kernel
    /// send a reset, and a client that gets it before reading the 503 sees only the reset.
    /// </summary>
    internal static readonly TimeSpan TimeLimit = TimeSpan.FromSeconds(10);

    /// <summary>Bytes read and discarded after the answer; past them the connection is closed (a report is far smaller).</summary>
    private const int DrainLimit = 64 * 1024;

    private const byte TlsHandshakeRecord = 0x16;

    private readonly TimeProvider _time;
    private readonly int _maxHandshaking;
    private readonly byte[] _plainAnswer;
    private int _handshaking;

    public OverCapacityAnswer(IOptions<LimitsOptions> limits, TimeProvider time)
    {
        _time = time;
        _maxHandshaking = limits.Value.MaxShedHandshakes;
        RetryAfter = limits.Value.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
        Body = JsonSerializer.SerializeToUtf8Bytes(
            new ApiError("overloaded", $"the gateway has Limits:MaxConnections connections open; retry after {RetryAfter} s"),
            ApiJsonContext.Default.ApiError);
        _plainAnswer = [.. Encoding.ASCII.GetBytes(
            "HTTP/1.1 503 Service Unavailable\r\n" +
            $"Retry-After: {RetryAfter}\r\n" +
            "Connection: close\r\n" +
            "Content-Type: application/json; charset=utf-8\r\n" +
            $"Content-Length: {Body.Length.ToString(CultureInfo.InvariantCulture)}\r\n\r\n"), .. Body];
    }

    public string RetryAfter { get; }

    public byte[] Body { get; }

    /// <summary>Answers one connection past the cap; returns how it ended (a metric tag).</summary>
    public async Task<string> AnswerAsync(ConnectionContext connection, ConnectionDelegate next)
    {
        using var deadline = new CancellationTokenSource(TimeLimit, _time);
        using var abortAtDeadline = deadline.Token.Register(() => connection.Abort(new ConnectionAbortedException("over Limits:MaxConnections")));
        var input = connection.Transport.Input;
        try
        {
            var first = await input.ReadAsync(deadline.Token);
            bool tls = !first.Buffer.IsEmpty && first.Buffer.FirstSpan[0] == TlsHandshakeRecord;

            // Looked at, not taken: TLS reads the same bytes again.
            input.AdvanceTo(first.Buffer.Start);
            if (first.Buffer.IsEmpty)
            {
                return "no-request";
            }

            if (tls)
            {
                return await AnswerInsideTlsAsync(connection, next);
            }

            await WritePlainAnswerAsync(connection, deadline.Token);
            await DrainAsync(input, deadline.Token);
            return "http";
        }
        catch (Exception ex) when (ex is OperationCanceledException or ConnectionAbortedException or IOException or SocketException)
        {
            return "timeout";
        }
    }

    /// <summary>
    /// A TLS answer costs a handshake, as much CPU as serving the connection: at most <c>Limits:MaxShedHandshakes</c>
    /// at once, so on a starved host the handshakes of connections within the cap are not crowded out by those of
    /// connections that only get a 503 (measured: with every shed connection handshaking, a CPU-starved gateway
    /// served almost nothing). Beyond it the connection is closed at once, as Kestrel's own limit does.
    /// </summary>
    private async Task<string> AnswerInsideTlsAsync(ConnectionContext connection, ConnectionDelegate next)
    {
        try
        {
            if (Interlocked.Increment(ref _handshaking) > _maxHandshaking)
            {
                return "tls-closed";
            }

            var shed = new OverCapacityFeature();
            connection.Features.Set(shed);
            await next(connection);
            return shed.Answered ? "tls" : "timeout";
        }
        finally
        {
            Interlocked.Decrement(ref _handshaking);
        }
    }

    /// <summary>Kestrel's TLS set-up hook: a connection marked over capacity may only speak HTTP/1.1.</summary>
    public static void OfferHttp11OnlyWhenShed(ConnectionContext connection, SslServerAuthenticationOptions options)
    {
        if (connection.Features.Get<OverCapacityFeature>() is not null)
        {
            options.ApplicationProtocols = [SslApplicationProtocol.Http11];
        }
    }

    /// <summary>Answers a request that came on a connection marked over capacity (the TLS case above).</summary>
    public async Task WriteAsync(HttpContext context, OverCapacityFeature shed)
    {
        shed.Answered = true;
        var response = context.Response;
        response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        response.Headers.RetryAfter = RetryAfter;
        response.ContentType = "application/json; charset=utf-8";
        response.ContentLength = Body.Length;
        ShedConnectionClose.Request(context);
        await response.Body.WriteAsync(Body, context.RequestAborted);
    }

    /// <summary>
    /// The canned answer, then a half-close: a client that reads until the connection ends (not by Content-Length)
    /// has its answer at once, while what it still sends is read below. Written on the socket itself, as Kestrel's
    /// output pipe can only close both directions; nothing else writes to this connection.
    /// </summary>
    private async Task WritePlainAnswerAsync(ConnectionContext connection, CancellationToken cancellationToken)
    {
        if (connection.Features.Get<IConnectionSocketFeature>()?.Socket is not { } socket)
        {
            await connection.Transport.Output.WriteAsync(_plainAnswer, cancellationToken);
            return;
        }

        await socket.SendAsync(_plainAnswer, SocketFlags.None, cancellationToken);
        socket.Shutdown(SocketShutdown.Send);
    }

    private static async Task DrainAsync(PipeReader input, CancellationToken cancellationToken)
    {
        long drained = 0;
        while (drained < DrainLimit)
        {
            var read = await input.ReadAsync(cancellationToken);
            drained += read.Buffer.Length;
            input.AdvanceTo(read.Buffer.End);
            if (read.IsCompleted || read.IsCanceled)
            {
                return;
            }
        }
    }
}

/// <summary>Marks a connection that came past <c>Limits:MaxConnections</c>: its request gets only the 503.</summary>
internal sealed class OverCapacityFeature
{
    /// <summary>Whether the 503 was written (else the connection ended before a request came).</summary>
    public bool Answered { get; set; }
}
