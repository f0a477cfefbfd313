using System.Reflection;
using System.Reflection.Emit;

namespace Detect.Models.Tests.Scalars;

/// <summary>One IL instruction: its offset, opcode and operand (a resolved <see cref="MethodBase"/> or <see cref="FieldInfo"/>, a local's index, or null).</summary>
internal readonly record struct IlInstruction(int Offset, OpCode OpCode, object? Operand)
{
    /// <summary>The local this instruction stores (<c>stloc</c>), or null.</summary>
    public int? StoredLocal => LocalIndex(OpCodes.Stloc_0, OpCodes.Stloc_1, OpCodes.Stloc_2, OpCodes.Stloc_3, OpCodes.Stloc_S, OpCodes.Stloc);

    /// <summary>The local this instruction loads (<c>ldloc</c>), or null.</summary>
    public int? LoadedLocal => LocalIndex(OpCodes.Ldloc_0, OpCodes.Ldloc_1, OpCodes.Ldloc_2, OpCodes.Ldloc_3, OpCodes.Ldloc_S, OpCodes.Ldloc);

    int? LocalIndex(OpCode l0, OpCode l1, OpCode l2, OpCode l3, OpCode shortForm, OpCode longForm)
    {
        short v = OpCode.Value;
        if (v == l0.Value) return 0;
        if (v == l1.Value) return 1;
        if (v == l2.Value) return 2;
        if (v == l3.Value) return 3;
        return v == shortForm.Value || v == longForm.Value ? (int)Operand! : null;
    }
}

/// <summary>Decodes a method body's IL (ECMA-335 III) into instructions, resolving method and field tokens in the method's generic context.</summary>
internal static class IlInstructions
{
    static readonly Dictionary<short, OpCode> Codes = typeof(OpCodes).GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (OpCode)f.GetValue(null)!).ToDictionary(o => o.Value);

    public static List<IlInstruction> Of(MethodBase method)
    {
        var list = new List<IlInstruction>();
        if (method.GetMethodBody()?.GetILAsByteArray() is not { } il) return list;
        Type[]? typeArgs = method.DeclaringType is { IsGenericType: true } t ? t.GetGenericArguments() : null;
        Type[]? methodArgs = method.IsGenericMethod ? method.GetGenericArguments() : null;
        for (int i = 0; i < il.Length;)
        {
            int offset = i;
            short value = il[i++];
            if (value == 0xFE) value = (short)(0xFE00 | il[i++]);
            var code = Codes[value];
            object? operand = null;
            int token = code.OperandType is OperandType.InlineMethod or OperandType.InlineField ? BitConverter.ToInt32(il, i) : 0;
            switch (code.OperandType)
            {
                case OperandType.InlineNone: break;
                case OperandType.ShortInlineBrTarget or OperandType.ShortInlineI: i += 1; break;
                case OperandType.ShortInlineVar: operand = (int)il[i]; i += 1; break;
                case OperandType.InlineVar: operand = (int)BitConverter.ToUInt16(il, i); i += 2; break;
                case OperandType.InlineI8 or OperandType.InlineR: i += 8; break;
                case OperandType.InlineSwitch: i += 4 + 4 * BitConverter.ToInt32(il, i); break;
                case OperandType.InlineMethod: operand = Resolve(() => method.Module.ResolveMethod(token, typeArgs, methodArgs)); i += 4; break;
                case OperandType.InlineField: operand = Resolve(() => method.Module.ResolveField(token, typeArgs, methodArgs)); i += 4; break;
                default: i += 4; break; // 32-bit operands: branch targets, tokens of types and strings, int32, float32
            }
            list.Add(new IlInstruction(offset, code, operand));
        }
        return list;
    }

    static object? Resolve(Func<object?> resolve)
    {
        try { return resolve(); }
        catch (Exception e) when (e is ArgumentException or TypeLoadException or FileNotFoundException or MissingMemberException) { return null; }
    }
}
