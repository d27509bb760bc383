using System.Text;
using FirewallGateway.Snmp.Ber;
using FirewallGateway.Snmp.Security;

namespace FirewallGateway.Snmp;

/// <summary>Encodes and decodes whole SNMP messages (RFC 3416/3417 for v2c, RFC 3412/3414 for v3).</summary>
public static class SnmpCodec
{
    private const int VersionV1 = 0;
    private const int VersionV2c = 1;
    private const int VersionV3 = 3;
    private const int UserSecurityModel = 3;

    /// <summary>RFC 3412 6: msgMaxSize is at least 484.</summary>
    private const int MinMaxSize = 484;

    /// <summary>RFC 3411 5: SnmpEngineID is 5 to 32 octets (empty only while discovering).</summary>
    private const int MaxEngineIdLength = 32;

    /// <summary>RFC 3414 2.4: userName is 0 to 32 octets.</summary>
    private const int MaxUserNameLength = 32;

    public static byte[] EncodeV2c(SnmpV2cMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var writer = new BerWriter();
        writer.StartConstructed(BerTag.Sequence);
        writer.WriteInteger(VersionV2c);
        writer.WriteOctetString(message.Community.Span);
        PduCodec.Write(message.Pdu, writer);
        writer.EndConstructed();
        return writer.ToArray();
    }

    /// <summary>
    /// Encodes a v3 message, authenticated and encrypted as <see cref="SnmpV3Message.Flags"/> asks with
    /// <paramref name="keys"/> (localised for the message's engine ID). Without Auth, <paramref name="keys"/> may be null.
    /// </summary>
    public static byte[] EncodeV3(SnmpV3Message message, UsmLocalizedKeys? keys = null)
    {
        ArgumentNullException.ThrowIfNull(message);
        bool auth = message.Flags.HasFlag(SnmpV3Flags.Auth);
        bool priv = message.Flags.HasFlag(SnmpV3Flags.Priv);
        if (priv && !auth)
        {
            throw new ArgumentException("privacy without authentication is not a valid security level (RFC 3412 6.4)", nameof(message));
        }

        if (auth && (keys is null || keys.AuthProtocol == AuthProtocol.None))
        {
            throw new ArgumentException("an authenticated message needs authentication keys", nameof(keys));
        }

        if (priv && keys!.PrivProtocol == PrivProtocol.None)
        {
            throw new ArgumentException("an encrypted message needs privacy keys", nameof(keys));
        }

        byte[] scopedPdu = EncodeScopedPdu(message.ScopedPdu);
        ReadOnlySpan<byte> privParameters = [];
        byte[]? encrypted = null;
        if (priv)
        {
            (encrypted, byte[] salt) = UsmPrivacy.Encrypt(scopedPdu, keys!, message.Security.EngineBoots, message.Security.EngineTime);
            privParameters = salt;
        }

        int digestLength = auth ? UsmAuthentication.DigestLength(keys!.AuthProtocol) : 0;
        var writer = new BerWriter();
        writer.StartConstructed(BerTag.Sequence);
        writer.WriteInteger(VersionV3);
        writer.StartConstructed(BerTag.Sequence);
        writer.WriteInteger(message.MessageId);
        writer.WriteInteger(message.MaxSize);
        writer.WriteOctetString([(byte)message.Flags]);
        writer.WriteInteger(UserSecurityModel);
        writer.EndConstructed();
        writer.StartConstructed(BerTag.OctetString);
        writer.StartConstructed(BerTag.Sequence);
        UsmSecurityParameters security = message.Security;
        writer.WriteOctetString(security.EngineId.Span);
        writer.WriteInteger(security.EngineBoots);
        writer.WriteInteger(security.EngineTime);
        writer.WriteOctetString(Encoding.UTF8.GetBytes(security.UserName));
        // RFC 3414 6.3.1: the digest is computed over the message with these bytes zeroed, then written in place.
        writer.WriteOctetString(new byte[digestLength]);
        writer.WriteOctetString(privParameters);
        writer.EndConstructed();
        writer.EndConstructed();
        if (encrypted is not null)
        {
            writer.WriteOctetString(encrypted);
        }
        else
        {
            writer.WriteRaw(scopedPdu);
        }

        writer.EndConstructed();
        byte[] wire = writer.ToArray();
        if (auth)
        {
            var envelope = (SnmpV3Envelope)Decode(wire);
            UsmAuthentication.Sign(wire, envelope.AuthenticationParametersOffset, keys!);
        }

        return wire;
    }

    /// <summary>
    /// Decodes a v2c message or a v3 envelope. Throws only <see cref="SnmpDecodeException"/>, whatever the input;
    /// the work is bounded by the input's length (no recursion beyond SNMP's fixed nesting).
    /// </summary>
    public static SnmpMessage Decode(ReadOnlySpan<byte> packet)
    {
        try
        {
            var outer = new BerReader(packet);
            BerReader message = outer.ReadConstructed(BerTag.Sequence, "SNMP message");
            outer.ExpectEnd("the SNMP message");
            int version = message.ReadInt32("version");
            return version switch
            {
                VersionV2c => DecodeV2c(ref message),
                VersionV3 => DecodeV3(ref message, packet),
                VersionV1 => throw new SnmpDecodeException(SnmpDecodeError.UnsupportedVersion, "SNMPv1 is not supported"),
                _ => throw new SnmpDecodeException(SnmpDecodeError.UnsupportedVersion, $"unknown SNMP version {version}"),
            };
        }
        catch (Exception ex) when (ex is not SnmpDecodeException)
        {
            // Defence in depth: the reader checks every bound, but a caller must be able to rely on one exception type.
            throw new SnmpDecodeException($"malformed SNMP packet ({ex.GetType().Name})", ex);
        }
    }

    /// <summary>Decodes a plaintext ScopedPDU, as found after decryption.</summary>
    internal static ScopedPdu DecodeScopedPdu(ReadOnlySpan<byte> bytes)
    {
        var outer = new BerReader(bytes);
        BerReader scoped = outer.ReadConstructed(BerTag.Sequence, "ScopedPDU");
        // RFC 3826 3.1.4: a decrypted block may end with padding, so bytes after the ScopedPDU are allowed here.
        ScopedPdu pdu = ReadScopedPduContent(ref scoped);
        return pdu;
    }

    private static SnmpV2cMessage DecodeV2c(ref BerReader message)
    {
        byte[] community = message.ReadOctetString("community").ToArray();
        Pdu pdu = PduCodec.Read(ref message);
        message.ExpectEnd("the PDU");
        return new SnmpV2cMessage(community, pdu);
    }

    private static SnmpV3Envelope DecodeV3(ref BerReader message, ReadOnlySpan<byte> packet)
    {
        BerReader global = message.ReadConstructed(BerTag.Sequence, "msgGlobalData");
        int messageId = global.ReadNonNegativeInt32("msgID");
        int maxSize = global.ReadInt32("msgMaxSize");
        if (maxSize < MinMaxSize)
        {
            throw new SnmpDecodeException($"msgMaxSize {maxSize} is below {MinMaxSize}");
        }

        ReadOnlySpan<byte> flagBytes = global.ReadOctetString("msgFlags");
        if (flagBytes.Length != 1)
        {
            throw new SnmpDecodeException($"msgFlags has {flagBytes.Length} bytes, not 1");
        }

        var flags = (SnmpV3Flags)(flagBytes[0] & 0x07);
        if (flags.HasFlag(SnmpV3Flags.Priv) && !flags.HasFlag(SnmpV3Flags.Auth))
        {
            throw new SnmpDecodeException("msgFlags asks for privacy without authentication");
        }

        int securityModel = global.ReadNonNegativeInt32("msgSecurityModel");
        global.ExpectEnd("msgGlobalData");
        if (securityModel != UserSecurityModel)
        {
            throw new SnmpDecodeException(SnmpDecodeError.UnsupportedSecurityModel, $"security model {securityModel} is not USM (3)");
        }

        ReadOnlySpan<byte> securityBytes = message.ReadExpected(BerTag.OctetString, "msgSecurityParameters", out int securityOffset);
        var securityOuter = new BerReader(securityBytes, securityOffset);
        BerReader usm = securityOuter.ReadConstructed(BerTag.Sequence, "UsmSecurityParameters");
        securityOuter.ExpectEnd("UsmSecurityParameters");
        byte[] engineId = ReadBounded(ref usm, "msgAuthoritativeEngineID", MaxEngineIdLength);
        int boots = usm.ReadNonNegativeInt32("msgAuthoritativeEngineBoots");
        int time = usm.ReadNonNegativeInt32("msgAuthoritativeEngineTime");
        byte[] userName = ReadBounded(ref usm, "msgUserName", MaxUserNameLength);
        byte[] authParameters = usm.ReadExpected(BerTag.OctetString, "msgAuthenticationParameters", out int authOffset).ToArray();
        byte[] privParameters = usm.ReadOctetString("msgPrivacyParameters").ToArray();
        usm.ExpectEnd("UsmSecurityParameters");
        var security = new UsmSecurityParameters(engineId, boots, time, ScopedPdu.DecodeName(userName), authParameters, privParameters);

        ScopedPdu? scopedPdu = null;
        byte[] encrypted = [];
        if (message.PeekTag() == BerTag.OctetString)
        {
            encrypted = message.ReadOctetString("encryptedPDU").ToArray();
        }
        else
        {
            BerReader scoped = message.ReadConstructed(BerTag.Sequence, "ScopedPDU");
            scopedPdu = ReadScopedPduContent(ref scoped);
            scoped.ExpectEnd("the ScopedPDU");
        }

        message.ExpectEnd("the v3 message");
        return new SnmpV3Envelope(messageId, maxSize, flags, security, scopedPdu, encrypted)
        {
            WholeMessage = packet.ToArray(),
            AuthenticationParametersOffset = authOffset,
        };
    }

    private static ScopedPdu ReadScopedPduContent(ref BerReader scoped)
    {
        byte[] contextEngineId = ReadBounded(ref scoped, "contextEngineID", MaxEngineIdLength);
        string contextName = ScopedPdu.DecodeName(ReadBoundedSpan(ref scoped, "contextName", MaxUserNameLength));
        Pdu pdu = PduCodec.Read(ref scoped);
        return new ScopedPdu(contextEngineId, contextName, pdu);
    }

    private static byte[] ReadBounded(ref BerReader reader, string what, int maxLength) =>
        ReadBoundedSpan(ref reader, what, maxLength).ToArray();

    private static ReadOnlySpan<byte> ReadBoundedSpan(ref BerReader reader, string what, int maxLength)
    {
        ReadOnlySpan<byte> value = reader.ReadOctetString(what);
        return value.Length <= maxLength
            ? value
            : throw new SnmpDecodeException($"{what} has {value.Length} bytes, more than {maxLength}");
    }

    private static byte[] EncodeScopedPdu(ScopedPdu scopedPdu)
    {
        var writer = new BerWriter();
        writer.StartConstructed(BerTag.Sequence);
        writer.WriteOctetString(scopedPdu.ContextEngineId.Span);
        writer.WriteOctetString(Encoding.UTF8.GetBytes(scopedPdu.ContextName));
        PduCodec.Write(scopedPdu.Pdu, writer);
        writer.EndConstructed();
        return writer.ToArray();
    }
}
