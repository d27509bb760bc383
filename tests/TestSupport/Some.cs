using FirewallGateway.Core.Addresses;
using FirewallGateway.Core.Decisions;

namespace FirewallGateway.TestSupport;

/// <summary>Builders for test data. Public-looking addresses come from 1.0.x.0/24-like blocks, never documentation ranges.</summary>
public static class Some
{
    private static int _next;

    public static DateTimeOffset Start { get; } = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);

    /// <summary>A distinct public IPv4 address per call (1.0.0.1, 1.0.0.2, ...).</summary>
    public static BanAddress PublicIPv4()
    {
        // 254 hosts per /24 (never .0 or .255), so every call up to 16 million gives a new address.
        int n = Interlocked.Increment(ref _next);
        int block = n / 254;
        return BanAddress.Parse($"1.{(block >> 8) & 0xff}.{block & 0xff}.{(n % 254) + 1}");
    }

    /// <summary>A distinct public IPv6 address per call (2a00:1450::n).</summary>
    public static BanAddress PublicIPv6() => BanAddress.Parse($"2a00:1450::{Interlocked.Increment(ref _next):x}");

    public static BanReport Report(BanAddress address, DateTimeOffset? at = null, string reporter = "web1", TimeSpan? duration = null) =>
        new(address, reporter, ReportSource.Fail2ban, "sshd", duration, at ?? Start) { Host = reporter, Rule = "sshd" };
}
