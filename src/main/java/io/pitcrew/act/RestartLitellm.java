package io.pitcrew.act;

import io.pitcrew.config.Names;

import java.util.List;

/** Runbook §3: "Restart LiteLLM pods" ({@code kubectl rollout restart deployment/litellm}). */
final class RestartLitellm implements Action {

    @Override
    public String id() { return "restart-litellm"; }

    @Override
    public String summary() { return "Rolling restart of LiteLLM (after its credentials changed)"; }

    @Override
    public List<Parameter> parameters() { return List.of(); }

    @Override
    public Plan plan(Platform platform, Parameters p) {
        Names names = platform.config().names();
        return RestartCoder.restart(id(), p, platform, List.of(platform.controlPlane()), names.litellmNamespace(),
                names.litellmDeployment(), "litellmDeployment");
    }
}
