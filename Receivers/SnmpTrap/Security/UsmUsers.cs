using FirewallGateway.Snmp;

namespace FirewallGateway.Receivers.SnmpTrap.Security;

/// <summary>
/// The configured v3 users with their keys localised once at start (password hashing is slow on purpose):
/// for this receiver's engine (informs, where it is authoritative) and for the user's trap sender engine.
/// </summary>
internal sealed class UsmUsers
{
    private readonly ILookup<string, UsmUserKeys> _byName;

    private UsmUsers(IEnumerable<UsmUserKeys> users)
    {
        _byName = users.ToLookup(u => u.User.Name, StringComparer.Ordinal);
    }

    public int Count => _byName.Sum(g => g.Count());

    public static UsmUsers From(IEnumerable<SnmpTrapUserOptions> options, ReadOnlySpan<byte> localEngineId)
    {
        var users = new List<UsmUserKeys>();
        foreach (var option in options)
        {
            // The options validator has refused unknown names already; this only guards against a caller that skipped it.
            if (!UserProtocols.TryParseAuth(option.AuthProtocol, out var auth) || !UserProtocols.TryParsePriv(option.PrivProtocol, out var priv))
            {
                throw new ArgumentException($"user '{option.Name}': unknown protocol '{option.AuthProtocol}'/'{option.PrivProtocol}'", nameof(options));
            }

            var user = new UsmUser(option.Name, auth, option.AuthPassword, priv, option.PrivPassword ?? string.Empty);
            byte[]? trapEngine = LocalEngine.TryParseHex(option.EngineId, out byte[] id) ? id : null;
            users.Add(new UsmUserKeys(
                user,
                Usm.LocalizeKeys(user, localEngineId),
                trapEngine,
                trapEngine is null ? null : Usm.LocalizeKeys(user, trapEngine)));
        }

        return new UsmUsers(users);
    }

    /// <summary>Every entry with this user name (one per trap sender engine configured for it).</summary>
    public IEnumerable<UsmUserKeys> Named(string name) => _byName[name];
}

/// <summary>One user: its keys for this receiver's engine, and for its trap sender's engine when configured.</summary>
internal sealed record UsmUserKeys(UsmUser User, UsmLocalizedKeys LocalKeys, byte[]? TrapEngineId, UsmLocalizedKeys? TrapKeys);
