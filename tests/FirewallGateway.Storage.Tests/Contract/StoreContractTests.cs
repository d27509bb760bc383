using FirewallGateway.Core.Addresses;
using FirewallGateway.Core.Decisions;
using FirewallGateway.Core.Storage;
using FirewallGateway.Storage.Common;
using FirewallGateway.TestSupport;

namespace FirewallGateway.Storage.Tests.Contract;

/// <summary>
/// The contract of the Core storage interfaces, written once and run against every store. A subclass
/// supplies a fresh, empty database per test and can open a second store instance on the same database.
/// </summary>
public abstract partial class StoreContractTests : IAsyncLifetime
{
    private readonly List<IAsyncDisposable> _opened = [];
    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromSeconds(30));
    private object? _store;

    protected static readonly DateTimeOffset T0 = Some.Start;

    /// <summary>Opens a store on this test's database (the same database on every call within one test).</summary>
    private protected abstract RelationalStore OpenStore();

    /// <summary>Removes the test's database after every store was disposed.</summary>
    protected abstract Task DeleteDatabaseAsync();

    private protected RelationalStore Store => (RelationalStore)_store!;

    protected IDecisionStore Decisions => (IDecisionStore)_store!;

    protected IDispatchOutbox Outbox => (IDispatchOutbox)_store!;

    protected ITargetStore Targets => (ITargetStore)_store!;

    protected IAllowListStore AllowList => (IAllowListStore)_store!;

    protected ICredentialStore Credentials => (ICredentialStore)_store!;

    protected CancellationToken Ct => _timeout.Token;

    public async Task InitializeAsync()
    {
        _store = await OpenMigratedAsync();
    }

    public async Task DisposeAsync()
    {
        foreach (var store in _opened)
        {
            await store.DisposeAsync();
        }

        await DeleteDatabaseAsync();
        _timeout.Dispose();
    }

    private protected async Task<RelationalStore> OpenMigratedAsync()
    {
        var store = OpenStore();
        _opened.Add(store);
        await store.MigrateAsync(Ct);
        return store;
    }

    /// <summary>Disposes the current store and makes a new instance on the same database the current one.</summary>
    private protected async Task ReopenAsync()
    {
        await Store.DisposeAsync();
        _store = await OpenMigratedAsync();
    }

    // Distinct public-looking addresses (TestSupport's Some.PublicIPv4 repeats: (n & 0xff) | 1 maps 18 and 19 alike).
    private static int _nextAddress;

    protected static BanAddress NextIPv4()
    {
        int n = Interlocked.Increment(ref _nextAddress);
        return BanAddress.Parse($"1.{(n >> 16) & 0xff}.{(n >> 8) & 0xff}.{n & 0xff}");
    }

    protected static BanAddress NextIPv6() => BanAddress.Parse($"2a00:1450::{Interlocked.Increment(ref _nextAddress):x}");

    protected static Decision NewDecision(BanAddress address, DateTimeOffset? at = null, TimeSpan? duration = null) =>
        new(0, address, ReportSource.Fail2ban, "sshd", at ?? T0, at ?? T0, (at ?? T0) + (duration ?? TimeSpan.FromHours(1)), 1, DecisionState.Active)
        {
            CreatedBy = "web1",
        };

    protected async Task<Decision> InsertCommittedAsync(Decision decision, ChangeKind? enqueue = null)
    {
        await using var tx = await Decisions.BeginWriteAsync(Ct);
        var stored = await tx.InsertDecisionAsync(decision, Ct);
        if (enqueue is { } kind)
        {
            await tx.EnqueueAsync(kind, stored, T0, null, Ct);
        }

        await tx.CommitAsync(Ct);
        return stored;
    }

    protected async Task SyncTargetsAsync(params string[] names) =>
        await Targets.SyncTargetsAsync([.. names.Select(n => (n, "nftables"))], Ct);
}
