using static TorchSharp.torch;

namespace Detect.Checkpoints;

/// <summary>
/// MMEngine's <c>init_weights</c> of a whole model, for its Pretrained part: every module of the tree that has
/// an <see cref="IPretrainedModule.InitCfg"/> and is not initialized yet loads its checkpoint (non-strict,
/// inner modules before the modules that contain them, as MMEngine's BaseModule does), once. The runner calls
/// it when training starts, before <c>load_from</c> / <c>resume</c>, as MMEngine's runner does.
/// </summary>
public static class PretrainedWeights
{
    /// <summary>The modules that still have a checkpoint to load, by their name in <paramref name="model"/> (<c>backbone</c>), innermost first.</summary>
    public static IReadOnlyList<(string Name, IPretrainedModule Module)> Pending(nn.Module model)
    {
        var pending = new List<(string, IPretrainedModule)>();
        Walk(model, "", pending);
        return pending;
    }

    /// <summary>Checks that the checkpoint of every pending module is on this machine, before anything long starts.</summary>
    /// <exception cref="FileNotFoundException">A checkpoint is missing; the message says which file to put where.</exception>
    public static void EnsureAvailable(nn.Module model)
    {
        foreach (var (_, module) in Pending(model)) CheckpointCache.Resolve(module.InitCfg!.Checkpoint);
    }

    /// <summary>
    /// Loads every pending module's checkpoint and marks it initialized; logs, as MMEngine does, where each
    /// comes from and what did not match (missing and unexpected keys). Returns the reports by module name.
    /// </summary>
    /// <param name="model">The model.</param>
    /// <param name="info">Receives where each checkpoint comes from and a report that matched exactly.</param>
    /// <param name="warning">Receives a report that did not match exactly (MMEngine logs it as a warning).</param>
    public static IReadOnlyList<(string Name, LoadReport Report)> InitWeights(nn.Module model, Action<string>? info = null, Action<string>? warning = null)
    {
        var reports = new List<(string, LoadReport)>();
        foreach (var (name, module) in Pending(model))
        {
            var init = module.InitCfg!;
            string where = name.Length == 0 ? model.GetName() : name;
            info?.Invoke($"{where}: {(init.Prefix is null ? "load model" : $"load {init.Prefix} in model")} from: {init.Checkpoint}");
            var report = init.Apply((nn.Module)module);
            module.IsInit = true;
            (report.IsExactMatch ? info : warning ?? info)?.Invoke($"{where}: {report}");
            reports.Add((name, report));
        }
        return reports;
    }

    // MMEngine does not enter a module that is initialized already (nor anything inside it).
    static void Walk(nn.Module module, string name, List<(string, IPretrainedModule)> pending)
    {
        if (module is IPretrainedModule { IsInit: true }) return;
        foreach (var (childName, child) in module.named_children()) Walk(child, name.Length == 0 ? childName : $"{name}.{childName}", pending);
        if (module is IPretrainedModule { InitCfg: not null, IsInit: false } pretrained) pending.Add((name, pretrained));
    }
}
