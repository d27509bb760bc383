using System.Text;
using FirewallGateway.Core.Addresses;

namespace FirewallGateway.Adapters.Fail2banSsh;

/// <summary>
/// The only command lines the adapter ever sends. Each is built from a jail name that passed
/// <see cref="JailName"/> and the canonical text of <see cref="BanAddress"/> values (digits, hex, ':', '.', '/'),
/// so no caller-controlled byte can reach the remote side unvalidated.
/// </summary>
internal static class Fail2banCommand
{
    public static string Ban(string jail, IEnumerable<BanAddress> addresses) => WithAddresses(jail, "banip", addresses);

    public static string Unban(string jail, IEnumerable<BanAddress> addresses) => WithAddresses(jail, "unbanip", addresses);

    public static string ListWithTime(string jail) => "fail2ban-client get " + Checked(jail) + " banip --with-time";

    public static string Status(string jail) => "fail2ban-client status " + Checked(jail);

    private static string WithAddresses(string jail, string verb, IEnumerable<BanAddress> addresses)
    {
        var text = new StringBuilder("fail2ban-client set ").Append(Checked(jail)).Append(' ').Append(verb);
        int count = 0;
        foreach (var address in addresses)
        {
            text.Append(' ').Append(address.ToString());
            count++;
        }

        return count == 0 ? throw new ArgumentException("A command needs at least one address.", nameof(addresses)) : text.ToString();
    }

    private static string Checked(string jail) =>
        JailName.IsValid(jail) ? jail : throw new ArgumentException($"'{jail}' is not a valid jail name.", nameof(jail));
}
