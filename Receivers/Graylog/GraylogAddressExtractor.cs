using System.Globalization;
using System.Text.RegularExpressions;
using FirewallGateway.Core.Addresses;
using Microsoft.Extensions.Options;

namespace FirewallGateway.Receivers.Graylog;

/// <summary>
/// Turns texts from a notification into addresses: which field names count, the fallback pattern over message
/// text, and the strict normalisation every candidate goes through (a port is cut off, a zone id is refused).
/// </summary>
internal sealed class GraylogAddressExtractor
{
    private readonly HashSet<string> _fields;
    private readonly Regex? _messagePattern;

    public GraylogAddressExtractor(IOptions<GraylogReceiverOptions> options)
    {
        var value = options.Value;
        AddressFields = value.EffectiveAddressFields;
        _fields = new HashSet<string>(AddressFields, StringComparer.Ordinal);
        UseEventKey = value.UseEventKey;
        UseGroupByValues = value.UseGroupByValues;
        string pattern = value.EffectiveMessagePattern;

        // NonBacktracking: matching time is linear in the message length, whatever a hostile message holds.
        _messagePattern = pattern.Length == 0
            ? null
            : new Regex(pattern, RegexOptions.NonBacktracking | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
    }

    public IReadOnlyList<string> AddressFields { get; }

    public bool UseEventKey { get; }

    public bool UseGroupByValues { get; }

    /// <summary>True for a field the operator declared to hold attacker addresses. gl2_* never does.</summary>
    public bool IsAddressField(string name) => _fields.Contains(name) && !IsBookkeeping(name);

    /// <summary>Graylog's own fields (gl2_remote_ip is the log shipper, not the attacker).</summary>
    public static bool IsBookkeeping(string name) => name.StartsWith("gl2_", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// The attacker address in a message text, when it can be told: the address a built-in rule captures from a line
    /// it knows (anchored on the line's fixed part), else the fallback pattern's match when it finds exactly one
    /// address. Two or more different addresses in an unknown line are ambiguous (one may sit in a user name the
    /// attacker chose): none is taken, and address fields must say which one it is.
    /// </summary>
    public IReadOnlyList<string> MatchMessage(string text)
    {
        if (_messagePattern is null || text.Length == 0)
        {
            return [];
        }

        if (GraylogKnownLine.FindAddress(text) is { } known)
        {
            return [known];
        }

        var found = new List<string>();
        var distinct = new HashSet<BanAddress>();
        try
        {
            foreach (var match in _messagePattern.EnumerateMatches(text))
            {
                string candidate = text.Substring(match.Index, match.Length).TrimEnd('.', ':');

                // Runs of hex and colons are everywhere (times, hashes); only a text with an address shape counts.
                if (LooksLikeAddress(candidate) && TryNormalise(candidate, allowRanges: false, out var address, out _, out _))
                {
                    found.Add(candidate);
                    distinct.Add(address);
                }
            }
        }
        catch (RegexMatchTimeoutException)
        {
            // Linear time, but an operator's pattern over a huge message on a busy machine may still hit the
            // limit: keep what was found rather than failing the notification.
        }

        return distinct.Count == 1 ? found : [];
    }

    /// <summary>
    /// Parses one candidate strictly. Accepted beyond <see cref="BanAddress.TryParse(string?, out BanAddress)"/>:
    /// surrounding whitespace, <c>1.2.3.4:22</c> and <c>[2a00:1450::1]:443</c> (the port is cut off). Refused with a
    /// reason: zone ids (<c>fe80::1%eth0</c>), a block when <paramref name="allowRanges"/> is false, anything else
    /// that is not an address or block.
    /// </summary>
    public static bool TryNormalise(string text, bool allowRanges, out BanAddress address, out string reason, out string detail)
    {
        address = default;
        string value = text.Trim();
        if (value.Length > 100)
        {
            (reason, detail) = ("not-an-address", "is too long to be an address");
            return false;
        }

        if (value.Contains('%', StringComparison.Ordinal))
        {
            (reason, detail) = ("zone-id", "an address with a zone id is link-local to the sender and is never banned");
            return false;
        }

        value = StripPort(value);
        if (!BanAddress.TryParse(value, out address))
        {
            (reason, detail) = ("not-an-address", "is not an IPv4/IPv6 address or CIDR block");
            return false;
        }

        // A field value is attacker-influenced text: "1.0.0.0/8" there would ban a whole network on one event.
        if (!allowRanges && !address.IsSingleAddress)
        {
            (reason, detail) = ("range-not-allowed", "is a block, not one address; blocks are reported only with Receivers:Graylog:AllowRanges = true");
            address = default;
            return false;
        }

        (reason, detail) = (string.Empty, string.Empty);
        return true;
    }

    private static string StripPort(string value)
    {
        if (value.StartsWith('['))
        {
            int close = value.IndexOf(']', StringComparison.Ordinal);
            return close > 0 && (close == value.Length - 1 || IsPortSuffix(value.AsSpan(close + 1)))
                ? value[1..close]
                : value;
        }

        int colon = value.IndexOf(':', StringComparison.Ordinal);
        bool ipv4WithPort = colon > 0 && colon == value.LastIndexOf(':') && value.AsSpan(0, colon).Contains('.');
        return ipv4WithPort && IsPortSuffix(value.AsSpan(colon)) ? value[..colon] : value;
    }

    private static bool IsPortSuffix(ReadOnlySpan<char> suffix) =>
        suffix.Length is >= 2 and <= 6 && suffix[0] == ':'
        && int.TryParse(suffix[1..], NumberStyles.None, CultureInfo.InvariantCulture, out int port) && port is > 0 and <= 65535;

    private static bool LooksLikeAddress(string candidate) =>
        candidate.Count(c => c == '.') == 3 || candidate.Count(c => c == ':') >= 2;
}
