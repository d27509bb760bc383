namespace FirewallGateway.Snmp.Tests;

public sealed class MalformedPacketTests
{
    public static TheoryData<string, byte[], string> Malformed() => new()
    {
        { "empty", [], "end of data" },
        { "tag only", Tlv.Raw("30"), "end of data" },
        { "indefinite length", Tlv.Raw("3080020101"), "indefinite" },
        { "5-byte length field", Tlv.Raw("3085FFFFFFFFFF"), "length field" },
        { "length beyond the packet", Tlv.Raw("3084FFFFFFFF020101"), "overruns" },
        { "garbage after the message", [.. Tlv.WithValue(Tlv.Raw("0500")), 0x00], "unexpected byte" },
        { "empty sequence", Tlv.Raw("3000"), "end of data" },
        { "version is not an INTEGER", Tlv.Seq(Tlv.Raw("0500")), "tag 0x05" },
        { "multi-byte tag", Tlv.Raw("3F0100"), "multi-byte tag" },
        { "9-byte version", Tlv.Seq(Tlv.Raw("0209010000000000000000")), "larger than 4 bytes" },
        { "empty INTEGER", Tlv.Seq(Tlv.Raw("0200")), "no content" },
        { "5-byte request-id", Tlv.Seq(Tlv.Int(1), Tlv.Octets("p"), Tlv.Of(0xA0, Tlv.Raw("02050100000000"), Tlv.Int(0), Tlv.Int(0), Tlv.Seq())), "larger than 4 bytes" },
        { "NULL with content", Tlv.WithValue(Tlv.Raw("050100")), "with 1 content" },
        { "OID cut inside a sub-identifier", Tlv.WithValue(Tlv.Raw("060181")), "cut short" },
        { "OID sub-identifier of 36 bits", Tlv.WithValue(Tlv.Raw("0605FFFFFFFF7F")), "exceeds 32 bits" },
        { "OID sub-identifier with leading 0x80", Tlv.WithValue(Tlv.Raw("0603808101")), "leading 0x80" },
        { "empty OID", Tlv.WithValue(Tlv.Raw("0600")), "empty OBJECT IDENTIFIER" },
        { "IpAddress of 5 bytes", Tlv.WithValue(Tlv.Raw("40050102030405")), "not 4" },
        { "unknown value tag", Tlv.WithValue(Tlv.Raw("470100")), "unknown value tag" },
        { "Counter32 of 5 bytes without a leading zero", Tlv.WithValue(Tlv.Raw("41050100000000")), "32 bits" },
        { "Counter64 of 9 bytes without a leading zero", Tlv.WithValue(Tlv.Raw("4609010000000000000000")), "64 bits" },
        { "Counter64 of 10 bytes", Tlv.WithValue(Tlv.Raw("460A00000000000000000000")), "content bytes" },
        { "value missing", Tlv.V2c(0xA2, Tlv.Seq(Tlv.Raw("06012B"))), "end of data" },
        { "two values in one varbind", Tlv.V2c(0xA2, Tlv.Seq(Tlv.Raw("06012B"), Tlv.Raw("0500"), Tlv.Raw("0500"))), "unexpected byte" },
        { "PDU tag out of range", Tlv.V2c(0xA9), "not a PDU" },
        { "varbind list is not a SEQUENCE", Tlv.Seq(Tlv.Int(1), Tlv.Octets("p"), Tlv.Of(0xA0, Tlv.Int(1), Tlv.Int(0), Tlv.Int(0), Tlv.Raw("3100"))), "variable-bindings" },
        { "community is not an OCTET STRING", Tlv.Seq(Tlv.Int(1), Tlv.Int(1)), "community" },
    };

    [Theory]
    [MemberData(nameof(Malformed))]
    public void Decode_MalformedPacket_ThrowsDecodeExceptionWithReason(string what, byte[] packet, string reasonPart)
    {
        var error = Assert.Throws<SnmpDecodeException>(() => SnmpCodec.Decode(packet));

        Assert.True(error.Error == SnmpDecodeError.Malformed, what);
        Assert.Contains(reasonPart, error.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Decode_SnmpV1Trap_RejectedAsUnsupported()
    {
        byte[] v1Message = Tlv.Message(0, 0xA4);
        byte[] v1TrapInV2cFraming = Tlv.Message(1, 0xA4);

        Assert.Equal(SnmpDecodeError.UnsupportedVersion, Assert.Throws<SnmpDecodeException>(() => SnmpCodec.Decode(v1Message)).Error);
        Assert.Equal(SnmpDecodeError.UnsupportedPdu, Assert.Throws<SnmpDecodeException>(() => SnmpCodec.Decode(v1TrapInV2cFraming)).Error);
    }

    [Fact]
    public void Decode_UnknownVersion_RejectedAsUnsupportedVersion()
    {
        var error = Assert.Throws<SnmpDecodeException>(() => SnmpCodec.Decode(Tlv.Message(2, 0xA0)));

        Assert.Equal(SnmpDecodeError.UnsupportedVersion, error.Error);
    }

    [Fact]
    public void Decode_LenientCounterForms_AcceptedAsNetSnmpDoes()
    {
        // A leading zero before a value with the top bit set, and a negative 4-byte Counter32 from a buggy agent.
        var padded = (SnmpV2cMessage)SnmpCodec.Decode(Tlv.WithValue(Tlv.Raw("410500FFFFFFFF")));
        var negative = (SnmpV2cMessage)SnmpCodec.Decode(Tlv.WithValue(Tlv.Raw("4104FFFFFFFE")));

        Assert.Equal(uint.MaxValue, padded.Pdu.VarBinds[0].Value.AsUInt32());
        Assert.Equal(uint.MaxValue - 1, negative.Pdu.VarBinds[0].Value.AsUInt32());
    }
}
