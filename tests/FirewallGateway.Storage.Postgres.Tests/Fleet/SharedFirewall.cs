using System.Collections.Concurrent;
using FirewallGateway.Core.Addresses;

namespace FirewallGateway.Storage.Postgres.Tests.Fleet;

/// <summary>
/// One firewall that every gateway of the fleet pushes to (as a real router would be), counting each time an
/// address was applied and by whom, so a test can tell "applied once" from "applied twice".
/// </summary>
internal sealed class SharedFirewall
{
    private readonly ConcurrentDictionary<BanAddress, DateTimeOffset> _held = new();
    private readonly ConcurrentDictionary<BanAddress, int> _applied = new();
    private readonly ConcurrentDictionary<string, int> _callsByGateway = new(StringComparer.Ordinal);

    public IReadOnlyCollection<BanAddress> Held => [.. _held.Keys];

    public IReadOnlyDictionary<BanAddress, DateTimeOffset> Entries => _held;

    /// <summary>How often each address was pushed (a repeat is answered "already present", idempotently).</summary>
    public IReadOnlyDictionary<BanAddress, int> Applied => _applied;

    public int CallsBy(string gateway) => _callsByGateway.GetValueOrDefault(gateway);

    public bool Ban(string gateway, BanAddress address, DateTimeOffset expiresAt)
    {
        _callsByGateway.AddOrUpdate(gateway, 1, (_, n) => n + 1);
        _applied.AddOrUpdate(address, 1, (_, n) => n + 1);
        bool added = _held.TryAdd(address, expiresAt);
        _held[address] = expiresAt;
        return added;
    }

    public bool Unban(BanAddress address) => _held.TryRemove(address, out _);
}
