using System.Buffers;
using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Extensions.Logging;

namespace FirewallGateway.Adapters.RouterOs.Api;

/// <summary>
/// One logged-in API session. Every command carries its own <c>.tag</c>, so many are in flight at once and
/// replies are routed by tag in whatever order they come. A single read loop owns the socket's read side; a
/// watchdog fails the connection when commands wait and no byte arrived within the read timeout (a stalled
/// router, or one that stopped mid-sentence). Any protocol error, <c>!fatal</c> or timeout faults the whole
/// connection: every waiting command fails with the same clear exception and the caller reconnects.
/// </summary>
internal sealed partial class ApiConnection : IAsyncDisposable
{
    private readonly Stream _stream;
    private readonly SentenceReader _reader;
    private readonly TimeProvider _time;
    private readonly TimeSpan _readTimeout;
    private readonly ILogger _logger;
    private readonly string _peer;
    private readonly ConcurrentDictionary<string, PendingCommand> _pending = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly CancellationTokenSource _closing = new();
    private ITimer? _watchdog;
    private Task? _readLoop;
    private long _nextTag;
    private long _lastProgressTicks;
    private long _roundTrips;
    private long _commandsSent;
    private Exception? _fault;

    public ApiConnection(Stream stream, TimeProvider time, TimeSpan readTimeout, string peer, ILogger logger)
    {
        _stream = stream;
        _time = time;
        _readTimeout = readTimeout;
        _peer = peer;
        _logger = logger;
        _reader = new SentenceReader(stream) { BytesReceived = MarkProgress };
    }

    /// <summary>The TLS version in use (API-SSL), or <see cref="System.Security.Authentication.SslProtocols.None"/> on plain API.</summary>
    public System.Security.Authentication.SslProtocols TlsProtocol =>
        _stream is System.Net.Security.SslStream ssl ? ssl.SslProtocol : System.Security.Authentication.SslProtocols.None;

    /// <summary>True until the connection failed or was closed.</summary>
    public bool IsOpen => _fault is null;

    /// <summary>Write-then-wait cycles so far: how often the client waited for the router before sending more.</summary>
    public long RoundTrips => Interlocked.Read(ref _roundTrips);

    /// <summary>Command sentences sent so far.</summary>
    public long CommandsSent => Interlocked.Read(ref _commandsSent);

    /// <summary>Logs in (post-6.43 first, MD5 challenge when the router answers <c>=ret=</c>), then starts routing replies.</summary>
    public async Task LoginAsync(string user, string password, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var first = await ExchangeUntaggedAsync(["/login", "=name=" + user, "=password=" + password], timeout, cancellationToken).ConfigureAwait(false);
        if (first.Trap is null && first.Ret is { } challenge)
        {
            string response = ChallengeResponse.Compute(password, challenge);
            first = await ExchangeUntaggedAsync(["/login", "=name=" + user, "=response=" + response], timeout, cancellationToken).ConfigureAwait(false);
        }

        if (first.Trap is { } trap)
        {
            throw new RouterOsLoginException($"{_peer} refused the login of user '{user}': {trap.Message}");
        }

        MarkProgress();
        var period = TimeSpan.FromTicks(Math.Max(_readTimeout.Ticks / 4, TimeSpan.FromMilliseconds(20).Ticks));
        _watchdog = _time.CreateTimer(_ => CheckStall(), null, period, period);
        _readLoop = Task.Run(ReadLoopAsync, CancellationToken.None);
    }

    /// <summary>Runs one command and waits for its <c>!done</c>.</summary>
    public async Task<ApiResponse> RunAsync(ApiCommand command, CancellationToken cancellationToken) =>
        (await RunManyAsync([command], int.MaxValue, cancellationToken).ConfigureAwait(false))[0];

    /// <summary>
    /// Pipelines the commands: writes up to <paramref name="depth"/> tagged sentences in one write, then waits
    /// for all their replies before the next chunk. Replies come back in the commands' order.
    /// </summary>
    public async Task<ApiResponse[]> RunManyAsync(IReadOnlyList<ApiCommand> commands, int depth, CancellationToken cancellationToken)
    {
        var results = new ApiResponse[commands.Count];
        var buffer = new ArrayBufferWriter<byte>();
        for (int offset = 0; offset < commands.Count; offset += depth)
        {
            int count = Math.Min(depth, commands.Count - offset);
            var waits = new Task<ApiResponse>[count];
            buffer.ResetWrittenCount();
            for (int i = 0; i < count; i++)
            {
                string tag = Interlocked.Increment(ref _nextTag).ToString(CultureInfo.InvariantCulture);
                var pending = new PendingCommand();
                if (_pending.IsEmpty)
                {
                    MarkProgress(); // the wait for an answer starts now, not at the last byte of an idle period
                }

                _pending[tag] = pending;
                waits[i] = pending.Completion.Task;
                SentenceWriter.Write(buffer, commands[offset + i].Words.Append(".tag=" + tag));
            }

            ThrowIfFaulted();
            await WriteAsync(buffer.WrittenMemory, count, cancellationToken).ConfigureAwait(false);
            Interlocked.Increment(ref _roundTrips);
            var done = await Task.WhenAll(waits).WaitAsync(cancellationToken).ConfigureAwait(false);
            done.CopyTo(results, offset);
        }

        return results;
    }

    public async ValueTask DisposeAsync()
    {
        Fault(new RouterOsConnectionException($"the connection to {_peer} was closed by the gateway"), expected: true);
        if (_readLoop is { } loop)
        {
            await loop.ConfigureAwait(false);
        }

        _closing.Dispose();
        _writeLock.Dispose();
    }

    private async Task WriteAsync(ReadOnlyMemory<byte> bytes, int commands, CancellationToken cancellationToken)
    {
        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // A router that stops reading fills the socket buffers; the same timeout then bounds the write.
            using var timeout = new CancellationTokenSource(_readTimeout, _time);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, _closing.Token);
            try
            {
                await _stream.WriteAsync(bytes, linked.Token).ConfigureAwait(false);
                await _stream.FlushAsync(linked.Token).ConfigureAwait(false);
                Interlocked.Add(ref _commandsSent, commands);
            }
            catch (Exception ex) when (ex is IOException or OperationCanceledException or ObjectDisposedException)
            {
                var error = timeout.IsCancellationRequested
                    ? new RouterOsConnectionException($"{_peer} did not accept data within {Seconds(_readTimeout)}")
                    : _fault ?? new RouterOsConnectionException($"writing to {_peer} failed: {ex.Message}", ex, peerClosed: ex is IOException);
                Fault(error);
                throw error;
            }
        }
        finally
        {
            _writeLock.Release();
        }
    }

    private async Task<ApiResponse> ExchangeUntaggedAsync(string[] words, TimeSpan limit, CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(limit, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, cancellationToken);
        try
        {
            await _stream.WriteAsync(SentenceWriter.ToBytes(words), linked.Token).ConfigureAwait(false);
            await _stream.FlushAsync(linked.Token).ConfigureAwait(false);
            var pending = new PendingCommand();
            while (!pending.Completion.Task.IsCompleted)
            {
                var sentence = await _reader.ReadSentenceAsync(linked.Token).ConfigureAwait(false)
                    ?? throw new RouterOsConnectionException($"{_peer} closed the connection during the login");
                var reply = ApiReply.Parse(sentence);
                if (reply.Kind == ApiReplyKind.Fatal)
                {
                    throw new RouterOsLoginException($"{_peer} ended the session during the login: {reply.FatalReason}");
                }

                pending.Add(reply);
            }

            return await pending.Completion.Task.ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            throw new RouterOsConnectionException($"{_peer} did not answer the login within {Seconds(limit)} (connect timeout)");
        }
        catch (IOException ex)
        {
            throw new RouterOsConnectionException($"the connection to {_peer} failed during the login: {ex.Message}", ex);
        }
    }

    private async Task ReadLoopAsync()
    {
        try
        {
            while (true)
            {
                var sentence = await _reader.ReadSentenceAsync(_closing.Token).ConfigureAwait(false);
                if (sentence is null)
                {
                    Fault(new RouterOsConnectionException($"{_peer} closed the connection", peerClosed: true));
                    return;
                }

                Route(ApiReply.Parse(sentence));
            }
        }
        catch (RouterOsException ex)
        {
            Fault(ex);
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or ObjectDisposedException)
        {
            Fault(new RouterOsConnectionException($"reading from {_peer} failed: {ex.Message}", ex, peerClosed: ex is IOException));
        }
    }

    private void Route(ApiReply reply)
    {
        if (reply.Kind == ApiReplyKind.Fatal)
        {
            throw new RouterOsFatalException(reply.FatalReason);
        }

        if (reply.Tag is null || !_pending.TryGetValue(reply.Tag, out var pending))
        {
            // Late replies of commands whose caller gave up, or untagged chatter: nothing waits for them.
            Log.UnroutedReply(_logger, _peer, reply.Tag ?? "(none)");
            return;
        }

        pending.Add(reply);
        if (pending.Completion.Task.IsCompleted)
        {
            _pending.TryRemove(reply.Tag, out _);
        }
    }

    private void MarkProgress() => Interlocked.Exchange(ref _lastProgressTicks, _time.GetTimestamp());

    private void CheckStall()
    {
        if (_fault is not null || (_pending.IsEmpty && !_reader.InsideSentence))
        {
            return;
        }

        var silent = _time.GetElapsedTime(Interlocked.Read(ref _lastProgressTicks));
        if (silent > _readTimeout)
        {
            string where = _reader.InsideSentence ? "stopped in the middle of a sentence" : "did not answer";
            Fault(new RouterOsConnectionException($"{_peer} {where} for {Seconds(_readTimeout)} (read timeout)"));
        }
    }

    private void ThrowIfFaulted()
    {
        if (_fault is { } fault)
        {
            throw fault as RouterOsException ?? new RouterOsConnectionException(fault.Message, fault);
        }
    }

    private void Fault(Exception error, bool expected = false)
    {
        if (Interlocked.CompareExchange(ref _fault, error, null) is not null)
        {
            return;
        }

        if (!expected)
        {
            Log.ConnectionFailed(_logger, _peer, error.Message);
        }

        _watchdog?.Dispose();
        _closing.Cancel();
        _stream.Dispose();
        foreach (var tag in _pending.Keys)
        {
            if (_pending.TryRemove(tag, out var pending))
            {
                pending.Completion.TrySetException(error);
            }
        }
    }

    private static string Seconds(TimeSpan span) => string.Create(CultureInfo.InvariantCulture, $"{span.TotalSeconds:0.###} s");

    private static partial class Log
    {
        [LoggerMessage(EventId = 4101, Level = LogLevel.Warning, Message = "RouterOS API connection to {Peer} failed: {Reason}")]
        public static partial void ConnectionFailed(ILogger logger, string peer, string reason);

        [LoggerMessage(EventId = 4102, Level = LogLevel.Debug, Message = "RouterOS API reply from {Peer} with tag {Tag} has no waiting command")]
        public static partial void UnroutedReply(ILogger logger, string peer, string tag);
    }
}
