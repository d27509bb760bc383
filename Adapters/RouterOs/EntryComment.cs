using System.Globalization;

namespace FirewallGateway.Adapters.RouterOs;

/// <summary>
/// The comment that marks an address-list entry as the gateway's: <c>&lt;prefix&gt;:decision:&lt;id&gt;</c>.
/// Only an exact match counts as owned, so an operator's "fgw:manual" or another tool's entries stay untouched.
/// </summary>
internal sealed class EntryComment
{
    private readonly string _start;

    public EntryComment(string prefix)
    {
        _start = prefix + ":decision:";
    }

    public string For(long decisionId) => _start + decisionId.ToString(CultureInfo.InvariantCulture);

    /// <summary>True when the comment is one the gateway wrote; <paramref name="decisionId"/> is its decision.</summary>
    public bool IsOwned(string? comment, out long decisionId)
    {
        decisionId = 0;
        return comment is not null
            && comment.StartsWith(_start, StringComparison.Ordinal)
            && comment.Length - _start.Length is > 0 and <= 19
            && long.TryParse(comment.AsSpan(_start.Length), NumberStyles.None, CultureInfo.InvariantCulture, out decisionId);
    }
}
