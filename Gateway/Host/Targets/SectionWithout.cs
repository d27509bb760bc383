using Microsoft.Extensions.Primitives;

namespace FirewallGateway.Targets;

/// <summary>
/// A configuration section seen without one child: the host's own sub-sections of a target (<c>Snmp</c>) are
/// hidden from the target's kind, whose strict reader would otherwise call them unknown keys.
/// </summary>
internal sealed class SectionWithout(IConfigurationSection inner, string hiddenChild) : IConfigurationSection
{
    public string Key => inner.Key;

    public string Path => inner.Path;

    public string? Value
    {
        get => inner.Value;
        set => inner.Value = value;
    }

    public string? this[string key]
    {
        get => IsHidden(key) ? null : inner[key];
        set => inner[key] = value;
    }

    public IEnumerable<IConfigurationSection> GetChildren() => inner.GetChildren().Where(child => !IsHidden(child.Key));

    public IChangeToken GetReloadToken() => inner.GetReloadToken();

    public IConfigurationSection GetSection(string key) => inner.GetSection(key);

    private bool IsHidden(string key) => string.Equals(key, hiddenChild, StringComparison.OrdinalIgnoreCase);
}
