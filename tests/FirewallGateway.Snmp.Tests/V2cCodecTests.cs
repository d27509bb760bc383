using System.Net;

namespace FirewallGateway.Snmp.Tests;

public sealed class V2cCodecTests
{
    /// <summary>What net-snmp 5.9.3 `snmpget -v2c -c public -d ... 1.3.6.1.2.1.1.3.0` sent (request-id 0x4A23E3A0).</summary>
    private const string SnmpgetRequestHex =
        "302902010104067075626C6963A01C02044A23E3A0020100020100300E300C06082B060102010103000500";

    [Fact]
    public void EncodeV2c_GetSysUpTime_MatchesNetSnmpBytes()
    {
        var message = new SnmpV2cMessage("public", Pdu.Request(PduType.GetRequest, 0x4A23E3A0, [Oid.Parse("1.3.6.1.2.1.1.3.0")]));

        Assert.Equal(SnmpgetRequestHex, Convert.ToHexString(SnmpCodec.EncodeV2c(message)));
    }

    [Fact]
    public void Decode_NetSnmpRequest_GivesCommunityAndPdu()
    {
        var message = Assert.IsType<SnmpV2cMessage>(SnmpCodec.Decode(Convert.FromHexString(SnmpgetRequestHex)));

        Assert.Equal("public", message.CommunityText);
        Assert.Equal(PduType.GetRequest, message.Pdu.Type);
        Assert.Equal(0x4A23E3A0, message.Pdu.RequestId);
        VarBind binding = Assert.Single(message.Pdu.VarBinds);
        Assert.Equal(Oid.Parse("1.3.6.1.2.1.1.3.0"), binding.Oid);
        Assert.Equal(SnmpValue.Null, binding.Value);
    }

    public static TheoryData<SnmpValue> EveryKind() =>
    [
        SnmpValue.Integer32(0),
        SnmpValue.Integer32(127),
        SnmpValue.Integer32(128),
        SnmpValue.Integer32(-1),
        SnmpValue.Integer32(-129),
        SnmpValue.Integer32(int.MinValue),
        SnmpValue.Integer32(int.MaxValue),
        SnmpValue.OctetString(""),
        SnmpValue.OctetString("RouterOS CHR 7.16"),
        SnmpValue.OctetString(new byte[300]),
        SnmpValue.Null,
        SnmpValue.ObjectIdentifier(Oid.Parse("1.3.6.1.4.1.14988.1")),
        SnmpValue.ObjectIdentifier(Oid.Parse("2.999.4294967295")),
        SnmpValue.IpAddress(IPAddress.Parse("1.0.1.7")),
        SnmpValue.Counter32(0),
        SnmpValue.Counter32(uint.MaxValue),
        SnmpValue.Gauge32(0x80),
        SnmpValue.TimeTicks(123456),
        SnmpValue.Opaque([0x9F, 0x78, 0x04, 0x3F, 0x80, 0x00, 0x00]),
        SnmpValue.Counter64(0),
        SnmpValue.Counter64(ulong.MaxValue),
        SnmpValue.NoSuchObject,
        SnmpValue.NoSuchInstance,
        SnmpValue.EndOfMibView,
    ];

    [Theory]
    [MemberData(nameof(EveryKind))]
    public void EncodeThenDecode_EveryValueKind_RoundTrips(SnmpValue value)
    {
        var binding = new VarBind(Oid.Parse("1.3.6.1.2.1.1.1.0"), value);
        var sent = new SnmpV2cMessage("c0mmunity", new Pdu(PduType.Response, -5, 0, 0, [binding]));

        var received = Assert.IsType<SnmpV2cMessage>(SnmpCodec.Decode(SnmpCodec.EncodeV2c(sent)));

        Assert.Equal(value, Assert.Single(received.Pdu.VarBinds).Value);
        Assert.Equal(-5, received.Pdu.RequestId);
    }

    [Theory]
    [InlineData(PduType.GetRequest)]
    [InlineData(PduType.GetNextRequest)]
    [InlineData(PduType.Response)]
    [InlineData(PduType.SetRequest)]
    [InlineData(PduType.GetBulkRequest)]
    [InlineData(PduType.InformRequest)]
    [InlineData(PduType.SNMPv2Trap)]
    [InlineData(PduType.Report)]
    public void EncodeThenDecode_EveryPduType_KeepsFields(PduType type)
    {
        VarBind[] bindings =
        [
            new(Oid.Parse("1.3.6.1.2.1.1.3.0"), SnmpValue.TimeTicks(42)),
            new(Oid.Parse("1.3.6.1.6.3.1.1.4.1.0"), SnmpValue.ObjectIdentifier(Oid.Parse("1.3.6.1.6.3.1.1.5.1"))),
        ];
        var sent = new SnmpV2cMessage("public", new Pdu(type, int.MaxValue, 5, 2, bindings));

        var received = Assert.IsType<SnmpV2cMessage>(SnmpCodec.Decode(SnmpCodec.EncodeV2c(sent)));

        Assert.Equal(type, received.Pdu.Type);
        Assert.Equal((int.MaxValue, 5, 2), (received.Pdu.RequestId, received.Pdu.ErrorStatus, received.Pdu.ErrorIndex));
        Assert.Equal(bindings, received.Pdu.VarBinds);
    }

    [Fact]
    public void EncodeThenDecode_ManyVarBinds_UsesLongLengthsAndRoundTrips()
    {
        VarBind[] bindings = Enumerable.Range(0, 200)
            .Select(i => new VarBind(Oid.Parse($"1.3.6.1.4.1.9999.{i}"), SnmpValue.OctetString($"value {i}")))
            .ToArray();
        var sent = new SnmpV2cMessage("public", new Pdu(PduType.Response, 1, 0, 0, bindings));
        byte[] wire = SnmpCodec.EncodeV2c(sent);

        var received = Assert.IsType<SnmpV2cMessage>(SnmpCodec.Decode(wire));

        Assert.True(wire.Length > 0xFFFF / 16);
        Assert.Equal(bindings, received.Pdu.VarBinds);
    }
}
