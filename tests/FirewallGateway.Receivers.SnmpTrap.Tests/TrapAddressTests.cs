using System.Net;
using FirewallGateway.Receivers.SnmpTrap.Rules;
using FirewallGateway.Snmp;

namespace FirewallGateway.Receivers.SnmpTrap.Tests;

public sealed class TrapAddressTests
{
    [Theory]
    [InlineData("1.0.1.9", "1.0.1.9")]
    [InlineData(" 1.0.1.9 ", "1.0.1.9")]
    [InlineData("::ffff:1.0.1.9", "1.0.1.9")]
    [InlineData("2a00:1450::1", "2a00:1450::1")]
    public void OctetStringText_IsTheAddress(string text, string expected)
    {
        Assert.True(TrapAddress.TryRead(SnmpValue.OctetString(text), out var host));
        Assert.Equal(expected, host.ToString());
    }

    [Fact]
    public void IpAddress_IsTheAddress()
    {
        Assert.True(TrapAddress.TryRead(SnmpValue.IpAddress(IPAddress.Parse("1.0.1.10")), out var host));
        Assert.Equal("1.0.1.10", host.ToString());
    }

    [Fact]
    public void RawInetAddressOctets_AreTheAddress()
    {
        Assert.True(TrapAddress.TryRead(SnmpValue.OctetString(new byte[] { 1, 0, 1, 11 }), out var v4));
        Assert.Equal("1.0.1.11", v4.ToString());
        Assert.True(TrapAddress.TryRead(SnmpValue.OctetString(IPAddress.Parse("2a00:1450::2").GetAddressBytes()), out var v6));
        Assert.Equal("2a00:1450::2", v6.ToString());
    }

    [Theory]
    [InlineData("1.0.1.0/24")]
    [InlineData("attacker.example")]
    [InlineData("1.0.1.9 1.0.1.10")]
    [InlineData("")]
    [InlineData("1.0.1.9\n")]
    public void AnythingElse_IsNotAnAddress(string text)
    {
        Assert.False(TrapAddress.TryRead(SnmpValue.OctetString(text), out _));
    }

    [Fact]
    public void OtherKinds_AreNotAddresses()
    {
        Assert.False(TrapAddress.TryRead(SnmpValue.Integer32(16_777_473), out _));
        Assert.False(TrapAddress.TryRead(SnmpValue.Null, out _));
        Assert.False(TrapAddress.TryRead(SnmpValue.OctetString(new byte[] { 1, 2, 3 }), out _));
    }
}
