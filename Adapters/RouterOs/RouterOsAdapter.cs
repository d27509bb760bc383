using System.Runtime.CompilerServices;
using FirewallGateway.Adapters.RouterOs.Api;
using FirewallGateway.Core.Addresses;
using FirewallGateway.Core.Enforcement;
using Microsoft.Extensions.Logging;

namespace FirewallGateway.Adapters.RouterOs;

/// <summary>
/// A MikroTik router's address lists as a gateway target. One API connection, opened on first use and again
/// after any failure; on every (re)connect the adapter prints its lists and keeps a view of the entries it owns
/// (comment <c>&lt;prefix&gt;:decision:&lt;id&gt;</c>), so removals go by <c>.id</c> without a lookup. Entries
/// that are not the gateway's are never changed, removed or listed.
/// </summary>
internal sealed partial class RouterOsAdapter : IFirewallAdapter, IAsyncDisposable
{
    private readonly RouterOsTargetOptions _options;
    private readonly ApiEndpoint _endpoint;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Dictionary<BanAddress, OwnedEntry> _view = [];
    private ApiConnection? _connection;
    private long _closedRoundTrips;

    public RouterOsAdapter(string targetName, RouterOsTargetOptions options, ApiEndpoint endpoint, TimeProvider time, ILogger logger)
    {
        TargetName = targetName;
        _options = options;
        _endpoint = endpoint;
        _time = time;
        _logger = logger;
        Lists = new AddressLists(options.List4, options.List6);
        Comments = new EntryComment(options.CommentPrefix);
    }

    public string TargetName { get; }

    public int MaxBatchSize => _options.MaxBatchSize;

    /// <summary>Round trips (write, then wait for every reply) over all connections so far.</summary>
    public long RoundTrips => _closedRoundTrips + (_connection?.RoundTrips ?? 0);

    internal AddressLists Lists { get; }

    internal EntryComment Comments { get; }

    public async ValueTask<BatchResult> BanAsync(IReadOnlyList<BanEntry> batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        return await UseAsync(
            async connection => new BatchResult(await new BanOperation(this, connection, _view, batch).RunAsync(cancellationToken).ConfigureAwait(false)),
            cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<BatchResult> UnbanAsync(IReadOnlyList<BanAddress> batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        return await UseAsync(async connection =>
        {
            var outcomes = new ItemOutcome[batch.Count];
            var commands = new List<ApiCommand>();
            var sent = new List<int>();
            for (int i = 0; i < batch.Count; i++)
            {
                if (_view.TryGetValue(batch[i], out var entry))
                {
                    commands.Add(new ApiCommand(AddressLists.Menu(batch[i]) + "/remove").With(".id", entry.Id));
                    sent.Add(i);
                }
                else
                {
                    outcomes[i] = ItemOutcome.AlreadyPresent; // no entry of ours: nothing to remove
                }
            }

            var replies = await connection.RunManyAsync(commands, _options.PipelineDepth, cancellationToken).ConfigureAwait(false);
            for (int k = 0; k < replies.Length; k++)
            {
                int i = sent[k];
                var trap = replies[k].Trap;
                if (trap is null || IsNoSuchItem(trap))
                {
                    _view.Remove(batch[i]);
                    outcomes[i] = trap is null ? ItemOutcome.Applied : ItemOutcome.AlreadyPresent;
                }
                else
                {
                    outcomes[i] = Failure(trap);
                }
            }

            return new BatchResult(outcomes);
        }, cancellationToken).ConfigureAwait(false);
    }

    public async IAsyncEnumerable<EnforcedEntry> ListAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var entries = await UseAsync(async connection =>
        {
            await LoadViewAsync(connection, cancellationToken).ConfigureAwait(false);
            return _view.Select(p => new EnforcedEntry(p.Key, p.Value.ExpiresAt, p.Value.DecisionId)).ToList();
        }, cancellationToken).ConfigureAwait(false);
        foreach (var entry in entries)
        {
            yield return entry;
        }
    }

    public async ValueTask<TargetHealth> CheckAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await UseAsync(async connection =>
            {
                var counts = await connection.RunManyAsync(
                    [
                        new ApiCommand(AddressLists.Menu4 + "/print").With("count-only", string.Empty).Query("list=" + Lists.List4),
                        new ApiCommand(AddressLists.Menu6 + "/print").With("count-only", string.Empty).Query("list=" + Lists.List6),
                    ],
                    2,
                    cancellationToken).ConfigureAwait(false);
                if (counts.FirstOrDefault(c => c.Trap is not null)?.Trap is { } trap)
                {
                    return new TargetHealth(true, true, false, $"{_endpoint.Peer}: logged in as '{_endpoint.User}', but reading the address lists failed: {trap}");
                }

                return TargetHealth.Ok($"{_endpoint.Peer}: logged in as '{_endpoint.User}'; IPv4 list '{Lists.List4}' has {counts[0].Ret ?? "?"} entries, IPv6 list '{Lists.List6}' has {counts[1].Ret ?? "?"}; {_view.Count} are the gateway's");
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (RouterOsLoginException ex)
        {
            return new TargetHealth(true, false, false, ex.Message);
        }
        catch (RouterOsException ex)
        {
            return TargetHealth.Unreachable(ex.Message);
        }
        catch (OperationCanceledException)
        {
            return TargetHealth.Unreachable($"{_endpoint.Peer}: the check was cancelled before it finished");
        }
    }

    public async ValueTask DisposeAsync()
    {
        await DropConnectionAsync().ConfigureAwait(false);
        _gate.Dispose();
    }

    /// <summary>The entry is gone: RouterOS says "no such item", or "invalid internal item number" for an id it no longer has.</summary>
    internal static bool IsNoSuchItem(ApiTrap trap) =>
        trap.Message.Contains("no such item", StringComparison.OrdinalIgnoreCase)
        || trap.Message.Contains("invalid internal item number", StringComparison.OrdinalIgnoreCase);

    /// <summary>Category 0 (no such command) and 1 (bad argument value) will not heal by retrying.</summary>
    internal static ItemOutcome Failure(ApiTrap trap) => ItemOutcome.Failed("router: " + trap, retryable: trap.Category is not (0 or 1));

    internal TimeProvider Time => _time;

    internal RouterOsTargetOptions Options => _options;

    /// <summary>Runs one operation on a live connection; any failure drops the connection (the next call reconnects).</summary>
    private async Task<T> UseAsync<T>(Func<ApiConnection, Task<T>> operation, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            for (int attempt = 0; ; attempt++)
            {
                bool reused = _connection is { IsOpen: true };
                try
                {
                    var connection = await ConnectedAsync(cancellationToken).ConfigureAwait(false);
                    return await operation(connection).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is RouterOsException or OperationCanceledException or IOException)
                {
                    await DropConnectionAsync().ConfigureAwait(false);
                    if (ex is RouterOsConnectionException { PeerClosed: true } && reused && attempt == 0)
                    {
                        // The router closed an idle connection (reboot, idle cut): one fresh try before failing.
                        Log.Reconnecting(_logger, TargetName, ex.Message);
                        continue;
                    }

                    if (ex is not RouterOsException)
                    {
                        throw;
                    }

                    Log.TargetFailed(_logger, TargetName, ex.Message);
                    string message = $"Targets:{TargetName}: {ex.Message}";
                    throw ex is RouterOsLoginException ? new RouterOsLoginException(message) : new RouterOsConnectionException(message, ex);
                }
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<ApiConnection> ConnectedAsync(CancellationToken cancellationToken)
    {
        if (_connection is { IsOpen: true } open)
        {
            return open;
        }

        await DropConnectionAsync().ConfigureAwait(false);
        var connection = await ApiConnector.ConnectAsync(_endpoint, _time, _logger, cancellationToken).ConfigureAwait(false);
        _connection = connection;
        await LoadViewAsync(connection, cancellationToken).ConfigureAwait(false);
        Log.Connected(_logger, TargetName, _endpoint.Peer, _view.Count);
        return connection;
    }

    /// <summary>Prints both lists and rebuilds the view of the gateway's own entries.</summary>
    private async Task LoadViewAsync(ApiConnection connection, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        var replies = await connection.RunManyAsync(
            [
                new ApiCommand(AddressLists.Menu4 + "/print").With(".proplist", AddressLists.PropList).Query("list=" + Lists.List4),
                new ApiCommand(AddressLists.Menu6 + "/print").With(".proplist", AddressLists.PropList).Query("list=" + Lists.List6),
            ],
            2,
            cancellationToken).ConfigureAwait(false);
        _view.Clear();
        foreach (var reply in replies)
        {
            reply.EnsureSuccess("printing the address lists");
            foreach (var row in reply.Rows)
            {
                if (TryReadOwned(row, now, out var address, out var entry))
                {
                    _view[address] = entry;
                }
            }
        }
    }

    internal bool TryReadOwned(IReadOnlyDictionary<string, string> row, DateTimeOffset now, out BanAddress address, out OwnedEntry entry)
    {
        entry = default;
        address = default;
        if (!Comments.IsOwned(row.GetValueOrDefault("comment"), out long decisionId)
            || !row.TryGetValue(".id", out string? id)
            || !BanAddress.TryParse(row.GetValueOrDefault("address"), out address))
        {
            return false;
        }

        DateTimeOffset? expires = RouterOsTime.TryParse(row.GetValueOrDefault("timeout"), out var left) ? now + left : null;
        entry = new OwnedEntry(id, expires, decisionId);
        return true;
    }

    private async Task DropConnectionAsync()
    {
        if (_connection is { } connection)
        {
            _connection = null;
            _closedRoundTrips += connection.RoundTrips;
            await connection.DisposeAsync().ConfigureAwait(false);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 4111, Level = LogLevel.Information, Message = "RouterOS target {Target} connected to {Peer}; {Owned} of its entries are on the router")]
        public static partial void Connected(ILogger logger, string target, string peer, int owned);

        [LoggerMessage(EventId = 4113, Level = LogLevel.Information, Message = "RouterOS target {Target} lost its connection ({Reason}); reconnecting")]
        public static partial void Reconnecting(ILogger logger, string target, string reason);

        [LoggerMessage(EventId = 4112, Level = LogLevel.Warning, Message = "RouterOS target {Target} failed: {Reason}")]
        public static partial void TargetFailed(ILogger logger, string target, string reason);
    }
}
