using System.Globalization;
using FirewallGateway.Core.Addresses;

namespace FirewallGateway.Adapters.Fail2banSsh;

/// <summary>One line of <c>get &lt;jail&gt; banip --with-time</c>: the address and when its ban ends (firewall local time).</summary>
internal readonly record struct JailBan(BanAddress Address, DateTime? EndsLocal);

/// <summary>
/// Parsers for the fail2ban-client 1.0.x renderings in PROTOCOLS.md §3.6 (payloads/fail2ban-client-outputs.txt).
/// Lines that do not have the documented shape are reported, never guessed at.
/// </summary>
internal static class Fail2banOutput
{
    private const string TimeFormat = "yyyy-MM-dd HH:mm:ss";

    /// <summary><c>set banip/unbanip</c> prints the number of addresses it changed.</summary>
    public static bool TryParseCount(string output, out int count) =>
        int.TryParse(output.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out count);

    /// <summary>
    /// <c>get &lt;jail&gt; banip --with-time</c>: <c>IP \t2025-06-12 08:14:55 + 600 = 2025-06-12 08:24:55</c>, one per
    /// line; a permanent ban (bantime -1) has no usable end. Unparseable lines go to <paramref name="rejected"/>.
    /// </summary>
    public static List<JailBan> ParseBanListWithTime(string output, List<string> rejected)
    {
        var bans = new List<JailBan>();
        foreach (string raw in output.Split('\n'))
        {
            string line = raw.TrimEnd('\r');
            if (line.Trim().Length == 0)
            {
                continue;
            }

            int tab = line.IndexOf('\t', StringComparison.Ordinal);
            string addressText = (tab < 0 ? line : line[..tab]).Trim();
            if (!BanAddress.TryParse(addressText, out var address))
            {
                rejected.Add(line);
                continue;
            }

            bans.Add(new JailBan(address, tab < 0 ? null : ParseEnd(line[(tab + 1)..])));
        }

        return bans;
    }

    /// <summary><c>status &lt;jail&gt;</c>: the addresses of the <c>Banned IP list:</c> leaf.</summary>
    public static List<BanAddress>? ParseStatusBannedList(string output, List<string> rejected)
    {
        foreach (string raw in output.Split('\n'))
        {
            string line = raw.TrimEnd('\r');
            int label = line.IndexOf("Banned IP list:", StringComparison.Ordinal);
            if (label < 0)
            {
                continue;
            }

            var addresses = new List<BanAddress>();
            foreach (string word in line[(label + "Banned IP list:".Length)..].Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries))
            {
                if (BanAddress.TryParse(word, out var address))
                {
                    addresses.Add(address);
                }
                else
                {
                    rejected.Add(word);
                }
            }

            return addresses;
        }

        return null;
    }

    /// <summary><c>status &lt;jail&gt;</c>: the <c>Currently banned:</c> number, or null when absent.</summary>
    public static int? ParseStatusCurrentlyBanned(string output)
    {
        foreach (string line in output.Split('\n'))
        {
            int label = line.IndexOf("Currently banned:", StringComparison.Ordinal);
            if (label >= 0 && int.TryParse(line[(label + "Currently banned:".Length)..].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out int count))
            {
                return count;
            }
        }

        return null;
    }

    private static DateTime? ParseEnd(string times)
    {
        // "<start> + <seconds> = <end>"; the end is what matters, and a negative bantime means permanent.
        int plus = times.IndexOf(" + ", StringComparison.Ordinal);
        int equals = times.IndexOf(" = ", StringComparison.Ordinal);
        if (plus < 0 || equals < plus)
        {
            return null;
        }

        string seconds = times[(plus + 3)..equals].Trim();
        if (seconds.StartsWith('-'))
        {
            return null;
        }

        return DateTime.TryParseExact(times[(equals + 3)..].Trim(), TimeFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var end)
            ? end
            : null;
    }
}
