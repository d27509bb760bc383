namespace FirewallGateway.Snmp.Ber;

/// <summary>BER for a PDU and its varbind list (RFC 3416 3).</summary>
internal static class PduCodec
{
    public static void Write(Pdu pdu, BerWriter writer)
    {
        if (pdu.Type == PduType.V1Trap)
        {
            throw new ArgumentException("the SNMPv1 Trap-PDU is not supported", nameof(pdu));
        }

        writer.StartConstructed((byte)pdu.Type);
        writer.WriteInteger(pdu.RequestId);
        writer.WriteInteger(pdu.ErrorStatus);
        writer.WriteInteger(pdu.ErrorIndex);
        writer.StartConstructed(BerTag.Sequence);
        foreach (VarBind binding in pdu.VarBinds)
        {
            writer.StartConstructed(BerTag.Sequence);
            writer.WriteOid(binding.Oid);
            ValueCodec.Write(binding.Value, writer);
            writer.EndConstructed();
        }

        writer.EndConstructed();
        writer.EndConstructed();
    }

    public static Pdu Read(ref BerReader reader)
    {
        byte tag = reader.PeekTag();
        if (tag == (byte)PduType.V1Trap)
        {
            throw new SnmpDecodeException(SnmpDecodeError.UnsupportedPdu, "an SNMPv1 Trap-PDU: only v2c and v3 notifications are supported");
        }

        if (tag is < (byte)PduType.GetRequest or > (byte)PduType.Report)
        {
            throw new SnmpDecodeException($"tag 0x{tag:X2} is not a PDU type");
        }

        BerReader pdu = reader.ReadConstructed(tag, "PDU");
        int requestId = pdu.ReadInt32("request-id");
        int errorStatus = pdu.ReadInt32("error-status");
        int errorIndex = pdu.ReadInt32("error-index");
        BerReader list = pdu.ReadConstructed(BerTag.Sequence, "variable-bindings");
        pdu.ExpectEnd("the PDU's variable-bindings");

        var bindings = new List<VarBind>();
        while (!list.IsEmpty)
        {
            BerReader binding = list.ReadConstructed(BerTag.Sequence, "VarBind");
            Oid oid = BerPrimitives.DecodeOid(binding.ReadExpected(BerTag.ObjectIdentifier, "VarBind name"), "VarBind name");
            SnmpValue value = ValueCodec.Read(ref binding, $"value of {oid}");
            binding.ExpectEnd("a VarBind value");
            bindings.Add(new VarBind(oid, value));
        }

        return new Pdu((PduType)tag, requestId, errorStatus, errorIndex, bindings);
    }
}
