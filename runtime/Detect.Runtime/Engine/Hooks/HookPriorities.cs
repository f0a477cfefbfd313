namespace Detect.Engine;

/// <summary>MMEngine's hook priorities: lower runs first.</summary>
public static class HookPriorities
{
    /// <summary>0.</summary>
    public const int Highest = 0;
    /// <summary>10.</summary>
    public const int VeryHigh = 10;
    /// <summary>30.</summary>
    public const int High = 30;
    /// <summary>40.</summary>
    public const int AboveNormal = 40;
    /// <summary>50.</summary>
    public const int Normal = 50;
    /// <summary>60.</summary>
    public const int BelowNormal = 60;
    /// <summary>70.</summary>
    public const int Low = 70;
    /// <summary>90.</summary>
    public const int VeryLow = 90;
    /// <summary>100.</summary>
    public const int Lowest = 100;
}
