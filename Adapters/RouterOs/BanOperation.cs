using FirewallGateway.Adapters.RouterOs.Api;
using FirewallGateway.Core.Addresses;
using FirewallGateway.Core.Enforcement;

namespace FirewallGateway.Adapters.RouterOs;

/// <summary>
/// One ban batch as a few pipelined rounds. Round one: <c>set</c> for entries the view knows (new timeout and
/// comment), <c>add</c> for the rest. Later rounds settle the surprises: a <c>set</c> on a vanished id becomes an
/// <c>add</c>; an <c>add</c> answered "already have such entry" is looked up, and the entry is renewed when it is
/// ours or left alone (and counted as present) when it is not.
/// </summary>
internal sealed class BanOperation
{
    private const int MaxRounds = 4;

    private readonly RouterOsAdapter _adapter;
    private readonly ApiConnection _connection;
    private readonly Dictionary<BanAddress, OwnedEntry> _view;
    private readonly IReadOnlyList<BanEntry> _batch;
    private readonly ItemOutcome?[] _outcomes;
    private readonly Step[] _next;
    private readonly string[] _setIds;
    private readonly bool[] _lookedUp;

    public BanOperation(RouterOsAdapter adapter, ApiConnection connection, Dictionary<BanAddress, OwnedEntry> view, IReadOnlyList<BanEntry> batch)
    {
        _adapter = adapter;
        _connection = connection;
        _view = view;
        _batch = batch;
        _outcomes = new ItemOutcome?[batch.Count];
        _next = new Step[batch.Count];
        _setIds = new string[batch.Count];
        _lookedUp = new bool[batch.Count];
    }

    private enum Step
    {
        Add,
        Set,
        Lookup,
    }

    public async Task<IReadOnlyList<ItemOutcome>> RunAsync(CancellationToken cancellationToken)
    {
        for (int i = 0; i < _batch.Count; i++)
        {
            if (_view.TryGetValue(_batch[i].Address, out var known))
            {
                _next[i] = Step.Set;
                _setIds[i] = known.Id;
            }
        }

        for (int round = 0; round < MaxRounds; round++)
        {
            var open = Enumerable.Range(0, _batch.Count).Where(i => _outcomes[i] is null).ToList();
            if (open.Count == 0)
            {
                break;
            }

            var now = _adapter.Time.GetUtcNow();
            var commands = open.Select(i => Command(i, now)).ToList();
            var replies = await _connection.RunManyAsync(commands, _adapter.Options.PipelineDepth, cancellationToken).ConfigureAwait(false);
            for (int k = 0; k < open.Count; k++)
            {
                Settle(open[k], replies[k], now);
            }
        }

        return _outcomes.Select(o => o ?? ItemOutcome.Failed("the router kept answering in conflicting ways; will retry")).ToList();
    }

    private ApiCommand Command(int i, DateTimeOffset now)
    {
        var entry = _batch[i];
        string menu = AddressLists.Menu(entry.Address);
        string address = AddressLists.Text(entry.Address);
        return _next[i] switch
        {
            Step.Set => new ApiCommand(menu + "/set").With(".id", _setIds[i])
                .With("timeout", RouterOsTime.Format(Timeout(entry, now)))
                .With("comment", _adapter.Comments.For(entry.DecisionId)),
            Step.Lookup => new ApiCommand(menu + "/print").With(".proplist", AddressLists.PropList)
                .Query("list=" + _adapter.Lists.List(entry.Address)).Query("address=" + address),
            _ => new ApiCommand(menu + "/add").With("list", _adapter.Lists.List(entry.Address)).With("address", address)
                .With("timeout", RouterOsTime.Format(Timeout(entry, now)))
                .With("comment", _adapter.Comments.For(entry.DecisionId)),
        };
    }

    private void Settle(int i, ApiResponse reply, DateTimeOffset now)
    {
        var entry = _batch[i];
        var trap = reply.Trap;
        switch (_next[i])
        {
            case Step.Add when trap is null && reply.Ret is { } id:
                _view[entry.Address] = new OwnedEntry(id, now + Timeout(entry, now), entry.DecisionId);
                _outcomes[i] = ItemOutcome.Applied;
                break;
            case Step.Add when trap is not null && trap.Message.Contains("already have such", StringComparison.OrdinalIgnoreCase) && !_lookedUp[i]:
                _next[i] = Step.Lookup;
                break;
            case Step.Add when trap is null:
                _outcomes[i] = ItemOutcome.Failed("the router added the entry but returned no id", retryable: true);
                break;
            case Step.Set when trap is null:
                _view[entry.Address] = new OwnedEntry(_setIds[i], now + Timeout(entry, now), entry.DecisionId);
                _outcomes[i] = ItemOutcome.AlreadyPresent;
                break;
            case Step.Set when RouterOsAdapter.IsNoSuchItem(trap!):
                _view.Remove(entry.Address); // removed behind our back (by hand, by expiry): add it again
                _next[i] = Step.Add;
                break;
            case Step.Lookup when trap is null:
                _lookedUp[i] = true;
                SettleLookup(i, reply, now);
                break;
            default:
                _outcomes[i] = RouterOsAdapter.Failure(trap!);
                break;
        }
    }

    private void SettleLookup(int i, ApiResponse reply, DateTimeOffset now)
    {
        var entry = _batch[i];
        foreach (var row in reply.Rows)
        {
            if (_adapter.TryReadOwned(row, now, out var address, out var owned) && address == entry.Address)
            {
                _next[i] = Step.Set;
                _setIds[i] = owned.Id;
                _view[address] = owned;
                return;
            }
        }

        // The address is blocked by an entry the gateway does not own (or it just expired: then add again).
        if (reply.Rows.Count > 0)
        {
            _outcomes[i] = ItemOutcome.AlreadyPresent;
        }
        else
        {
            _next[i] = Step.Add;
        }
    }

    /// <summary>Time left until the decision ends, clamped to what the router holds (and at least a second).</summary>
    private TimeSpan Timeout(BanEntry entry, DateTimeOffset now)
    {
        var left = entry.ExpiresAt - now;
        var max = _adapter.Options.MaxTimeout;
        return left > max ? max : left < TimeSpan.FromSeconds(1) ? TimeSpan.FromSeconds(1) : left;
    }
}
