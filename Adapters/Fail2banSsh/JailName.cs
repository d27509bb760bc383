using System.Text.RegularExpressions;

namespace FirewallGateway.Adapters.Fail2banSsh;

/// <summary>
/// The jail names the adapter will put on a remote command line: nothing a shell, fail2ban-client's own option
/// parser (a leading '-') or the wrapper's pattern could read as anything but one word.
/// </summary>
internal static partial class JailName
{
    public static bool IsValid(string name) => JailPattern().IsMatch(name);

    [GeneratedRegex(@"\A[A-Za-z0-9][A-Za-z0-9_.-]{0,63}\z")]
    private static partial Regex JailPattern();
}
