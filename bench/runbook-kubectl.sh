#!/usr/bin/env bash
# The runbook's 46 Diagnosis kubectl commands (sections 1-6), as a human runs them today: one after another.
# Usage: bench/runbook-kubectl.sh KUBECONFIG   (placeholders filled from the cluster; output discarded)
set -uo pipefail
export KUBECONFIG="$1"
k() { kubectl "$@" >/dev/null 2>&1 || true; }
sh_() { bash -c "$1" >/dev/null 2>&1 || true; }
ws=$(kubectl get pods -A --context=us-east-2 -l app.kubernetes.io/name=coder-workspace -o jsonpath='{.items[0].metadata.name}' 2>/dev/null)
wsns=$(kubectl get pods -A --context=us-east-2 -l app.kubernetes.io/name=coder-workspace -o jsonpath='{.items[0].metadata.namespace}' 2>/dev/null)
# 1. Workspace restarts (11)
k top nodes --context=us-east-2; k top nodes --context=us-west-2; k top nodes --context=eu-west-2
k get nodes -o wide --context=us-east-2
sh_ "kubectl get pods -A -o json | jq '.items[] | select(.spec.volumes != null) | {name: .metadata.name, namespace: .metadata.namespace, volumes: [.spec.volumes[] | select(.emptyDir != null)]}'"
sh_ "kubectl get pods -A --context=us-east-2 | grep Evicted"; sh_ "kubectl get pods -A --context=us-west-2 | grep Evicted"; sh_ "kubectl get pods -A --context=eu-west-2 | grep Evicted"
k describe pod "$ws" -n "$wsns"
k logs -l app.kubernetes.io/name=karpenter -n karpenter --tail=100 --context=us-east-2
k logs -l app=litellm-key-rotator -n litellm --tail=50
# 2. Subdomain routing (7)
for c in us-east-2 us-west-2 eu-west-2; do k get pods -n coder -o jsonpath='{.items[*].spec.containers[*].image}' --context=$c; done
for c in us-east-2 us-west-2 eu-west-2; do k get svc -n coder --context=$c; done
k get svc -n coder -o wide
# 3. LiteLLM auth (7)
k get pods -n litellm -l app=litellm; k logs -l app=litellm -n litellm --tail=100; k logs -l app=litellm-key-rotator -n litellm --tail=50
k get secret litellm-aws-credentials -n litellm -o jsonpath='{.metadata.creationTimestamp}'
k get secret litellm-gcp-credentials -n litellm -o jsonpath='{.metadata.creationTimestamp}'
k top pods -n litellm
k exec -n litellm deploy/litellm -- true
# 4. Resource contention (12)
k top nodes --context=us-east-2; k top pods -A --context=us-east-2; k top nodes --context=us-west-2; k top nodes --context=eu-west-2
k get deployment -n coder -l app=coder-provisioner -o wide; k get pods -n coder -l app=coder-provisioner
sh_ "kubectl logs -n coder -l app=coder-provisioner --tail=100 | grep -i 'queue\|wait\|timeout'"
k get nodeclaims -A --context=us-east-2; k get nodepool --context=us-east-2
k logs -l app.kubernetes.io/name=karpenter -n karpenter --tail=100
sh_ "kubectl describe pod $ws -n $wsns | grep -A 10 'Limits\|Requests'"
sh_ "kubectl get pods -A --context=us-east-2 | grep workspace | wc -l"
# 5. Image pull (4)
sh_ "kubectl get pods -A | grep -E 'ImagePull|ErrImagePull'"
sh_ "kubectl describe pod $ws -n $wsns | grep -A 10 Events"
sh_ "kubectl get secrets -A | grep ecr"; sh_ "kubectl get secrets -A | grep docker"
# 6. Provisioner failures (5)
k get pods -n coder -l app=coder-provisioner
sh_ "kubectl logs -n coder -l app=coder-provisioner --tail=200 | grep -i 'error\|failed\|timeout'"
k top pods -n coder -l app=coder-provisioner
sh_ "kubectl logs -n coder -l app=coder-provisioner --tail=500 | grep -c 'Acquired job'"
sh_ "kubectl get sa coder-provisioner -n coder -o yaml | grep -A 5 annotations"
