using System.Globalization;
using FirewallGateway.TestSupport;

namespace FirewallGateway.IntegrationTests.SnmpTrap;

/// <summary>
/// Debian's net-snmp <c>snmptrap</c> and <c>snmpinform</c>, with their configuration and persistent state in a
/// folder of the test's own (nothing read from /etc/snmp or written to /var/lib/snmp) and no MIBs loaded: every
/// OID is numeric, as a firewall's trap definitions are.
/// </summary>
internal sealed class NetSnmpTools : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("snmp-traps-netsnmp-").FullName;
    private readonly int _port;

    public NetSnmpTools(int port)
    {
        _port = port;
    }

    private Dictionary<string, string> Environment => new()
    {
        ["SNMPCONFPATH"] = _folder,
        ["SNMP_PERSISTENT_DIR"] = _folder,
        ["MIBS"] = string.Empty,
        ["MIBDIRS"] = _folder,
    };

    private string Target => string.Create(CultureInfo.InvariantCulture, $"127.0.0.1:{_port}");

    /// <summary><c>snmptrap -v 2c -c community</c> with one string varbind holding <paramref name="address"/>.</summary>
    public Task<ProcessResult> TrapV2cAsync(string community, string trapOid, string addressOid, string address) =>
        RunAsync("snmptrap", ["-v", "2c", "-c", community, Target, string.Empty, trapOid, addressOid, "s", address]);

    /// <summary><c>snmpinform -v 2c</c>: exits 0 only when the receiver answered with a Response.</summary>
    public Task<ProcessResult> InformV2cAsync(string community, string trapOid, string addressOid, string address) =>
        RunAsync("snmpinform", ["-v", "2c", "-c", community, "-t", "3", "-r", "1", Target, string.Empty, trapOid, addressOid, "a", address]);

    /// <summary><c>snmptrap -v 3 -e engineId -l authPriv -a SHA -x AES</c> (the sender is the authoritative engine).</summary>
    public Task<ProcessResult> TrapV3Async(string engineId, V3User user, string trapOid, string addressOid, string address) =>
        RunAsync("snmptrap", ["-v", "3", "-e", engineId, .. user.Arguments, Target, string.Empty, trapOid, addressOid, "s", address]);

    /// <summary><c>snmpinform -v 3</c>: discovers the receiver's engine ID, then sends; exits 0 only when answered.</summary>
    public Task<ProcessResult> InformV3Async(V3User user, string trapOid, string addressOid, string address) =>
        RunAsync("snmpinform", ["-v", "3", "-t", "3", "-r", "1", .. user.Arguments, Target, string.Empty, trapOid, addressOid, "s", address]);

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private Task<ProcessResult> RunAsync(string tool, IEnumerable<string> arguments) =>
        ProcessRunner.RunAsync(tool, arguments, timeout: TimeSpan.FromSeconds(60), environment: Environment);
}

/// <summary>A USM user as net-snmp's tools take it on the command line (authPriv, SHA, AES).</summary>
public sealed record V3User(string Name, string AuthPassword, string PrivPassword)
{
    public string[] Arguments => ["-u", Name, "-l", "authPriv", "-a", "SHA", "-A", AuthPassword, "-x", "AES", "-X", PrivPassword];
}
