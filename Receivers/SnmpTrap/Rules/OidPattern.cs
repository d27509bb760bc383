using System.Diagnostics.CodeAnalysis;
using FirewallGateway.Snmp;

namespace FirewallGateway.Receivers.SnmpTrap.Rules;

/// <summary>An OID a rule names: exact (<c>1.3.6.1.4.1.9.9.599.0.4</c>) or, ending in <c>.*</c>, every OID under it.</summary>
internal readonly record struct OidPattern(Oid Oid, bool IsPrefix)
{
    public static bool TryParse([NotNullWhen(true)] string? text, out OidPattern pattern)
    {
        pattern = default;
        string? trimmed = text?.Trim().TrimStart('.');
        if (string.IsNullOrEmpty(trimmed))
        {
            return false;
        }

        bool prefix = trimmed.EndsWith(".*", StringComparison.Ordinal);
        if (!Oid.TryParse(prefix ? trimmed[..^2] : trimmed, out var oid) || oid.Length < 2)
        {
            return false;
        }

        pattern = new OidPattern(oid, prefix);
        return true;
    }

    /// <summary>Exact: equal. Prefix: strictly below the prefix (the prefix itself names no instance).</summary>
    public bool Matches(Oid oid) => IsPrefix ? oid.Length > Oid.Length && oid.StartsWith(Oid) : oid.Equals(Oid);

    public override string ToString() => IsPrefix ? Oid + ".*" : Oid.ToString();
}
