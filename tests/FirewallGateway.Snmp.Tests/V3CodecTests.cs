namespace FirewallGateway.Snmp.Tests;

public sealed class V3CodecTests
{
    private static readonly byte[] EngineId = Convert.FromHexString("80001F8880E9630000D61FF449");
    private static readonly UsmUser ShaAes = new("gateway", AuthProtocol.Sha1, "auth-pass-1", PrivProtocol.Aes128, "priv-pass-1");
    private static readonly UsmUser Sha256Aes = new("gateway", AuthProtocol.Sha256, "auth-pass-1", PrivProtocol.Aes128, "priv-pass-1");
    private static readonly UsmLocalizedKeys ShaAesKeys = Usm.LocalizeKeys(ShaAes, EngineId);

    private static SnmpV3Message Get(SnmpV3Flags flags, string userName = "gateway") => new(
        4242,
        SnmpV3Message.DefaultMaxSize,
        flags | SnmpV3Flags.Reportable,
        UsmSecurityParameters.For(EngineId, 7, 1234, userName),
        new ScopedPdu(EngineId, Pdu.Request(PduType.GetRequest, 99, [Oid.Parse("1.3.6.1.2.1.1.3.0"), Oid.Parse("1.3.6.1.2.1.1.5.0")])));

    [Fact]
    public void EncodeThenOpen_AuthPrivSha1Aes_RoundTrips()
    {
        SnmpV3Message sent = Get(SnmpV3Flags.AuthPriv);
        byte[] wire = SnmpCodec.EncodeV3(sent, ShaAesKeys);

        var envelope = Assert.IsType<SnmpV3Envelope>(SnmpCodec.Decode(wire));
        ScopedPdu opened = Usm.Open(envelope, ShaAes, ShaAesKeys);

        Assert.Null(envelope.ScopedPdu);
        Assert.Equal(12, envelope.Security.AuthenticationParameters.Length);
        Assert.Equal(8, envelope.Security.PrivacyParameters.Length);
        Assert.Equal((4242, 7, 1234, "gateway"), (envelope.MessageId, envelope.Security.EngineBoots, envelope.Security.EngineTime, envelope.Security.UserName));
        Assert.Equal(sent.ScopedPdu.Pdu.VarBinds, opened.Pdu.VarBinds);
        Assert.Equal(EngineId, opened.ContextEngineId.ToArray());
    }

    [Fact]
    public void EncodeThenOpen_AuthPrivSha256Aes_RoundTripsWith24ByteDigest()
    {
        UsmLocalizedKeys keys = Usm.LocalizeKeys(Sha256Aes, EngineId);
        byte[] wire = SnmpCodec.EncodeV3(Get(SnmpV3Flags.AuthPriv), keys);

        var envelope = Assert.IsType<SnmpV3Envelope>(SnmpCodec.Decode(wire));
        ScopedPdu opened = Usm.Open(envelope, Sha256Aes, keys);

        Assert.Equal(24, envelope.Security.AuthenticationParameters.Length);
        Assert.Equal(99, opened.Pdu.RequestId);
    }

    [Fact]
    public void EncodeThenOpen_AuthNoPriv_PlaintextScopedPduVerified()
    {
        var user = ShaAes with { PrivProtocol = PrivProtocol.None, PrivPassword = "" };
        UsmLocalizedKeys keys = Usm.LocalizeKeys(user, EngineId);

        var envelope = (SnmpV3Envelope)SnmpCodec.Decode(SnmpCodec.EncodeV3(Get(SnmpV3Flags.Auth), keys));

        Assert.NotNull(envelope.ScopedPdu);
        Assert.Equal(99, Usm.Open(envelope, user, keys).Pdu.RequestId);
    }

    [Fact]
    public void Encode_TwoMessages_UseDifferentSalts()
    {
        var first = (SnmpV3Envelope)SnmpCodec.Decode(SnmpCodec.EncodeV3(Get(SnmpV3Flags.AuthPriv), ShaAesKeys));
        var second = (SnmpV3Envelope)SnmpCodec.Decode(SnmpCodec.EncodeV3(Get(SnmpV3Flags.AuthPriv), ShaAesKeys));

        Assert.NotEqual(first.Security.PrivacyParameters.ToArray(), second.Security.PrivacyParameters.ToArray());
        Assert.NotEqual(first.EncryptedScopedPdu.ToArray(), second.EncryptedScopedPdu.ToArray());
    }

    [Fact]
    public void Verify_WrongAuthPassword_WrongDigest()
    {
        var envelope = (SnmpV3Envelope)SnmpCodec.Decode(SnmpCodec.EncodeV3(Get(SnmpV3Flags.AuthPriv), ShaAesKeys));
        var impostor = ShaAes with { AuthPassword = "not-the-password" };

        var error = Assert.Throws<UsmException>(() => Usm.Open(envelope, impostor, Usm.LocalizeKeys(impostor, EngineId)));

        Assert.Equal(UsmFailure.WrongDigest, error.Failure);
        Assert.Equal(UsmStats.WrongDigests, error.ReportOid);
    }

    [Fact]
    public void Decrypt_WrongPrivPassword_DecryptionError()
    {
        var envelope = (SnmpV3Envelope)SnmpCodec.Decode(SnmpCodec.EncodeV3(Get(SnmpV3Flags.AuthPriv), ShaAesKeys));
        var impostor = ShaAes with { PrivPassword = "not-the-password" };
        UsmLocalizedKeys keys = Usm.LocalizeKeys(impostor, EngineId);

        Usm.Verify(envelope, impostor, keys);
        var error = Assert.Throws<UsmException>(() => Usm.Decrypt(envelope, impostor, keys));

        Assert.Equal(UsmFailure.DecryptionError, error.Failure);
    }

    [Fact]
    public void Verify_OneBitFlippedInCiphertext_WrongDigest()
    {
        byte[] wire = SnmpCodec.EncodeV3(Get(SnmpV3Flags.AuthPriv), ShaAesKeys);
        wire[^3] ^= 0x01;
        var envelope = (SnmpV3Envelope)SnmpCodec.Decode(wire);

        Assert.Equal(UsmFailure.WrongDigest, Assert.Throws<UsmException>(() => Usm.Verify(envelope, ShaAes, ShaAesKeys)).Failure);
    }

    [Fact]
    public void Verify_OtherUserName_UnknownUserName()
    {
        var envelope = (SnmpV3Envelope)SnmpCodec.Decode(SnmpCodec.EncodeV3(Get(SnmpV3Flags.AuthPriv, "intruder"), ShaAesKeys));

        Assert.Equal(UsmFailure.UnknownUserName, Assert.Throws<UsmException>(() => Usm.Verify(envelope, ShaAes, ShaAesKeys)).Failure);
    }

    [Fact]
    public void Verify_PrivRequestedOfAuthOnlyUser_UnsupportedSecurityLevel()
    {
        var authOnly = ShaAes with { PrivProtocol = PrivProtocol.None };
        var envelope = (SnmpV3Envelope)SnmpCodec.Decode(SnmpCodec.EncodeV3(Get(SnmpV3Flags.AuthPriv), ShaAesKeys));

        var error = Assert.Throws<UsmException>(() => Usm.Verify(envelope, authOnly, ShaAesKeys));

        Assert.Equal(UsmFailure.UnsupportedSecurityLevel, error.Failure);
    }

    [Fact]
    public void Decode_DiscoveryRequest_NoSecurityParameters()
    {
        var discovery = new SnmpV3Message(1, SnmpV3Message.DefaultMaxSize, SnmpV3Flags.Reportable, UsmSecurityParameters.Discovery,
            new ScopedPdu(ReadOnlyMemory<byte>.Empty, Pdu.Request(PduType.GetRequest, 1, [])));

        var envelope = (SnmpV3Envelope)SnmpCodec.Decode(SnmpCodec.EncodeV3(discovery));

        Assert.True(envelope.IsReportable);
        Assert.Equal(0, envelope.Security.EngineId.Length);
        Assert.Empty(envelope.ScopedPdu!.Pdu.VarBinds);
    }

    [Theory]
    [InlineData(7, 1000, 7, 1150, true)]
    [InlineData(7, 1000, 7, 1151, false)]
    [InlineData(7, 1151, 7, 1000, false)]
    [InlineData(6, 1000, 7, 1000, false)]
    [InlineData(int.MaxValue, 1000, int.MaxValue, 1000, false)]
    public void IsInTimeWindow_Rfc3414Step7a(int messageBoots, int messageTime, int localBoots, int localTime, bool expected)
    {
        Assert.Equal(expected, Usm.IsInTimeWindow(messageBoots, messageTime, localBoots, localTime));
    }

    [Fact]
    public void EncodeV3_PrivWithoutAuth_Refused()
    {
        Assert.Throws<ArgumentException>(() => SnmpCodec.EncodeV3(Get(SnmpV3Flags.Priv), ShaAesKeys));
    }
}
