"""Golden values for Detect's ATSSHead: MMDetection 3.x's ATSSHead loss_by_feat and predict_by_feat, re-implemented here
in plain torch 1.13 / torchvision 0.14 from MMDetection's source (mmdet/models/dense_heads/atss_head.py, anchor_head.py,
base_dense_head.py, task_modules/assigners/atss_assigner.py, prior_generators/anchor_generator.py,
coders/delta_xywh_bbox_coder.py, losses/focal_loss.py, iou_loss.py, cross_entropy_loss.py, utils.py filter_scores_and_topk).

Run with /usr/bin/python3 from the repository root; writes tests/Detect.Models.Tests/Golden/atss_head.golden.json:
seeded head parameters (named as Detect's and MMDetection's state dicts), two images' 2-level features and ground truths,
the three losses and the detections of each image.
"""
import json
import math
import os

import torch
import torch.nn.functional as F
from torchvision.ops import batched_nms

torch.manual_seed(0)
NUM_CLASSES, IN_CH, FEAT_CH, GROUPS = 3, 4, 8, 4
STRIDES, OCTAVE_BASE_SCALE = [8, 16], 8
PAD = (64, 64)
IMG_SHAPES = [(64, 64), (56, 60)]
GTS = [([[2.3, 4.1, 58.2, 55.7], [20.6, 10.4, 63.1, 62.3]], [0, 2]), ([[12.2, 3.9, 47.5, 50.8]], [1])]
MEANS, STDS = [0.0, 0.0, 0.0, 0.0], [0.1, 0.1, 0.2, 0.2]
TOPK = 9
NMS_PRE, SCORE_THR, NMS_IOU, MAX_PER_IMG = 20, 0.05, 0.6, 10
EPS = torch.finfo(torch.float32).eps
INF = 100000000


def param(*shape, std=0.3, mean=0.0):
    return torch.randn(*shape) * std + mean


P = {}
for tower in ("cls_convs", "reg_convs"):
    P[f"{tower}.0.conv.weight"] = param(FEAT_CH, IN_CH, 3, 3)
    P[f"{tower}.0.gn.weight"] = param(FEAT_CH, std=0.1, mean=1.0)
    P[f"{tower}.0.gn.bias"] = param(FEAT_CH, std=0.1)
P["atss_cls.weight"] = param(NUM_CLASSES, FEAT_CH, 3, 3, std=0.2)
P["atss_cls.bias"] = param(NUM_CLASSES, std=0.5, mean=-2.0)
P["atss_reg.weight"] = param(4, FEAT_CH, 3, 3, std=0.05)
P["atss_reg.bias"] = param(4, std=0.1)
P["atss_centerness.weight"] = param(1, FEAT_CH, 3, 3, std=0.2)
P["atss_centerness.bias"] = param(1, std=0.2)
P["scales.0.scale"] = torch.tensor(1.1)
P["scales.1.scale"] = torch.tensor(0.9)

features = [torch.randn(2, IN_CH, PAD[0] // s, PAD[1] // s) for s in STRIDES]


def conv_module(x, tower):
    x = F.conv2d(x, P[f"{tower}.0.conv.weight"], None, padding=1)
    x = F.group_norm(x, GROUPS, P[f"{tower}.0.gn.weight"], P[f"{tower}.0.gn.bias"], eps=1e-5)
    return F.relu(x)


def forward():
    cls, reg, ctr = [], [], []
    for i, x in enumerate(features):
        cf, rf = conv_module(x, "cls_convs"), conv_module(x, "reg_convs")
        cls.append(F.conv2d(cf, P["atss_cls.weight"], P["atss_cls.bias"], padding=1))
        reg.append((F.conv2d(rf, P["atss_reg.weight"], P["atss_reg.bias"], padding=1) * P[f"scales.{i}.scale"]).float())
        ctr.append(F.conv2d(rf, P["atss_centerness.weight"], P["atss_centerness.bias"], padding=1))
    return cls, reg, ctr


def grid_anchors(level, h, w):
    # AnchorGenerator: base size = stride, ratio 1, scale octave_base_scale, center_offset 0; row-major shifts.
    stride = STRIDES[level]
    size = stride * OCTAVE_BASE_SCALE
    base = torch.tensor([-0.5 * size, -0.5 * size, 0.5 * size, 0.5 * size])
    sx, sy = torch.arange(0, w) * stride, torch.arange(0, h) * stride
    xx, yy = sx.repeat(len(sy)), sy.view(-1, 1).repeat(1, len(sx)).view(-1)
    shifts = torch.stack([xx, yy, xx, yy], dim=-1).float()
    return (base[None, :] + shifts).view(-1, 4)


def iou(a, b):
    area_a = (a[:, 2] - a[:, 0]) * (a[:, 3] - a[:, 1])
    area_b = (b[:, 2] - b[:, 0]) * (b[:, 3] - b[:, 1])
    lt = torch.max(a[:, None, :2], b[None, :, :2])
    rb = torch.min(a[:, None, 2:], b[None, :, 2:])
    wh = (rb - lt).clamp(min=0)
    overlap = wh[..., 0] * wh[..., 1]
    union = torch.max(area_a[:, None] + area_b[None, :] - overlap, torch.tensor([1e-6]))
    return overlap / union


def atss_assign(priors, num_level, gt, gt_labels):
    num_gt, num_b = gt.shape[0], priors.shape[0]
    if num_gt == 0:                                                  # no ground truth: every prior is a negative
        return torch.zeros(num_b, dtype=torch.long), torch.full((num_b,), -1, dtype=torch.long)
    overlaps = iou(priors, gt)
    assigned = overlaps.new_full((num_b,), 0, dtype=torch.long)
    gt_c = torch.stack([(gt[:, 0] + gt[:, 2]) / 2.0, (gt[:, 1] + gt[:, 3]) / 2.0], dim=1)
    pcx, pcy = (priors[:, 0] + priors[:, 2]) / 2.0, (priors[:, 1] + priors[:, 3]) / 2.0
    p_c = torch.stack([pcx, pcy], dim=1)
    dist = (p_c[:, None, :] - gt_c[None, :, :]).pow(2).sum(-1).sqrt()
    cand, start = [], 0
    for n in num_level:
        k = min(TOPK, n)
        _, idx = dist[start:start + n].topk(k, dim=0, largest=False)
        cand.append(idx + start)
        start += n
    cand = torch.cat(cand, dim=0)
    cand_ov = overlaps[cand, torch.arange(num_gt)]
    thr = cand_ov.mean(0) + cand_ov.std(0)
    is_pos = cand_ov >= thr[None, :]
    for g in range(num_gt):
        cand[:, g] += g * num_b
    ecx = pcx.view(1, -1).expand(num_gt, num_b).contiguous().view(-1)
    ecy = pcy.view(1, -1).expand(num_gt, num_b).contiguous().view(-1)
    cand = cand.view(-1)
    ex, ey = ecx[cand].view(-1, num_gt), ecy[cand].view(-1, num_gt)
    l_, t_ = ex - gt[:, 0], ey - gt[:, 1]
    r_, b_ = gt[:, 2] - ex, gt[:, 3] - ey
    is_pos = is_pos & (torch.stack([l_, t_, r_, b_], dim=1).min(dim=1)[0] > 0.01)
    ov_inf = torch.full_like(overlaps, -INF).t().contiguous().view(-1)
    index = cand.view(-1)[is_pos.view(-1)]
    ov_inf[index] = overlaps.t().contiguous().view(-1)[index]
    ov_inf = ov_inf.view(num_gt, -1).t()
    max_ov, arg = ov_inf.max(dim=1)
    assigned[max_ov != -INF] = arg[max_ov != -INF] + 1
    labels = torch.full((num_b,), -1, dtype=torch.long)
    pos = assigned > 0
    labels[pos] = gt_labels[assigned[pos] - 1]
    return assigned, labels


def decode(rois, deltas, max_shape=None):
    d = deltas * torch.tensor(STDS) + torch.tensor(MEANS)
    dxy, dwh = d[:, :2], d[:, 2:]
    pxy, pwh = (rois[:, :2] + rois[:, 2:]) * 0.5, rois[:, 2:] - rois[:, :2]
    max_ratio = abs(math.log(16 / 1000))
    dwh = dwh.clamp(min=-max_ratio, max=max_ratio)
    gxy, gwh = pxy + pwh * dxy, pwh * dwh.exp()
    boxes = torch.cat([gxy - gwh * 0.5, gxy + gwh * 0.5], dim=-1)
    if max_shape is not None:
        boxes[:, 0::2] = boxes[:, 0::2].clamp(min=0, max=max_shape[1])
        boxes[:, 1::2] = boxes[:, 1::2].clamp(min=0, max=max_shape[0])
    return boxes


def reduce(loss, avg_factor):
    return loss.sum() / (avg_factor + EPS)


def focal(pred, labels, weight, avg_factor):
    target = F.one_hot(labels, NUM_CLASSES + 1)[:, :NUM_CLASSES].type_as(pred)
    p = pred.sigmoid()
    pt = (1 - p) * target + p * (1 - target)
    fw = (0.25 * target + 0.75 * (1 - target)) * pt.pow(2)
    loss = F.binary_cross_entropy_with_logits(pred, target, reduction="none") * fw
    return reduce(loss * weight[:, None], avg_factor)


def giou_loss(pred, target, weight, avg_factor, loss_weight=2.0, eps=1e-6):
    a1 = (pred[:, 2] - pred[:, 0]) * (pred[:, 3] - pred[:, 1])
    a2 = (target[:, 2] - target[:, 0]) * (target[:, 3] - target[:, 1])
    wh = (torch.min(pred[:, 2:], target[:, 2:]) - torch.max(pred[:, :2], target[:, :2])).clamp(min=0)
    overlap = wh[:, 0] * wh[:, 1]
    union = torch.max(a1 + a2 - overlap, torch.tensor([eps]))
    ious = overlap / union
    ewh = (torch.max(pred[:, 2:], target[:, 2:]) - torch.min(pred[:, :2], target[:, :2])).clamp(min=0)
    enclose = torch.max(ewh[:, 0] * ewh[:, 1], torch.tensor([eps]))
    gious = ious - (enclose - union) / enclose
    return loss_weight * reduce((1 - gious) * weight, avg_factor)


def centerness_target(anchors, gts):
    cx, cy = (anchors[:, 2] + anchors[:, 0]) / 2, (anchors[:, 3] + anchors[:, 1]) / 2
    lr = torch.stack([cx - gts[:, 0], gts[:, 2] - cx], dim=1)
    tb = torch.stack([cy - gts[:, 1], gts[:, 3] - cy], dim=1)
    return torch.sqrt((lr.min(dim=-1)[0] / lr.max(dim=-1)[0]) * (tb.min(dim=-1)[0] / tb.max(dim=-1)[0]))


def loss(gts):
    cls, reg, ctr = forward()
    anchors = [grid_anchors(i, c.shape[2], c.shape[3]) for i, c in enumerate(cls)]
    num_level = [a.shape[0] for a in anchors]
    flat = torch.cat(anchors)
    labels_l, lw_l, bt_l, avg_factor, num_pos_total = [], [], [], 0, 0
    for boxes, lbls in gts:
        gt, gl = torch.tensor(boxes).view(-1, 4), torch.tensor(lbls, dtype=torch.long)
        assigned, alabels = atss_assign(flat, num_level, gt, gl)   # allowed_border -1: every anchor is inside
        pos = (assigned > 0).nonzero().squeeze(1)
        labels = torch.full((flat.shape[0],), NUM_CLASSES, dtype=torch.long)
        lw = torch.zeros(flat.shape[0])
        bt = torch.zeros(flat.shape[0], 4)
        bt[pos] = gt[assigned[pos] - 1]                              # reg_decoded_bbox: the boxes themselves
        labels[pos] = alabels[pos]
        lw[pos] = 1.0
        lw[(assigned == 0).nonzero().squeeze(1)] = 1.0               # PseudoSampler: negatives are assigned 0
        avg_factor += max(len(pos), 1)                               # SamplingResult.avg_factor (avg_factor_with_neg False)
        num_pos_total += len(pos)
        labels_l.append(labels.split(num_level))
        lw_l.append(lw.split(num_level))
        bt_l.append(bt.split(num_level))
    avg_factor = float(avg_factor)
    losses_cls, losses_bbox, losses_ctr, ctr_sum = [], [], [], 0.0
    for lv in range(len(anchors)):
        a = anchors[lv].repeat(2, 1)
        labels = torch.cat([l[lv] for l in labels_l])
        lw = torch.cat([w[lv] for w in lw_l])
        bt = torch.cat([b[lv] for b in bt_l])
        cs = cls[lv].permute(0, 2, 3, 1).reshape(-1, NUM_CLASSES)
        bp = reg[lv].permute(0, 2, 3, 1).reshape(-1, 4)
        cn = ctr[lv].permute(0, 2, 3, 1).reshape(-1)
        losses_cls.append(focal(cs, labels, lw, avg_factor))
        pos = ((labels >= 0) & (labels < NUM_CLASSES)).nonzero().squeeze(1)
        if len(pos) > 0:
            ct = centerness_target(a[pos], bt[pos])
            losses_bbox.append(giou_loss(decode(a[pos], bp[pos]), bt[pos], ct, 1.0))
            pc = cn[pos]
            losses_ctr.append(reduce(F.binary_cross_entropy_with_logits(pc, ct, reduction="none"), avg_factor))
            ctr_sum += ct.sum()
        else:
            losses_bbox.append(bp.sum() * 0)
            losses_ctr.append(cn.sum() * 0)
    bbox_avg = max(float(ctr_sum), 1.0)
    return {
        "loss_cls": float(sum(losses_cls)),
        "loss_bbox": float(sum(l / bbox_avg for l in losses_bbox)),
        "loss_centerness": float(sum(losses_ctr)),
        "num_pos": num_pos_total,
    }


def predict():
    cls, reg, ctr = forward()
    anchors = [grid_anchors(i, c.shape[2], c.shape[3]) for i, c in enumerate(cls)]
    out = []
    for img in range(2):
        mb, ms, ml, mf, mp = [], [], [], [], []
        for lv in range(len(anchors)):
            bp = reg[lv][img].permute(1, 2, 0).reshape(-1, 4)
            sf = ctr[lv][img].permute(1, 2, 0).reshape(-1).sigmoid()
            scores = cls[lv][img].permute(1, 2, 0).reshape(-1, NUM_CLASSES).sigmoid()
            valid = scores > SCORE_THR                               # filter_scores_and_topk
            s = scores[valid]
            vidx = torch.nonzero(valid)
            k = min(NMS_PRE, vidx.size(0))
            s, idx = s.sort(descending=True)
            s = s[:k]
            keep, labels = vidx[idx[:k]].unbind(dim=1)
            mb.append(bp[keep]); mp.append(anchors[lv][keep]); ms.append(s); ml.append(labels); mf.append(sf[keep])
        boxes = decode(torch.cat(mp), torch.cat(mb), IMG_SHAPES[img])
        scores = torch.cat(ms) * torch.cat(mf)
        labels = torch.cat(ml)
        w, h = boxes[:, 2] - boxes[:, 0], boxes[:, 3] - boxes[:, 1]
        valid = (w > 0) & (h > 0)
        boxes, scores, labels = boxes[valid], scores[valid], labels[valid]
        keep = batched_nms(boxes, scores, labels, NMS_IOU)[:MAX_PER_IMG]
        out.append({"bboxes": boxes[keep].tolist(), "scores": scores[keep].tolist(), "labels": labels[keep].tolist()})
    return out


def main():
    with torch.no_grad():
        golden = {
            "settings": {"num_classes": NUM_CLASSES, "in_channels": IN_CH, "feat_channels": FEAT_CH, "gn_groups": GROUPS,
                         "strides": STRIDES, "octave_base_scale": OCTAVE_BASE_SCALE, "topk": TOPK, "pad_shape": list(PAD),
                         "img_shapes": [list(s) for s in IMG_SHAPES], "nms_pre": NMS_PRE, "score_thr": SCORE_THR,
                         "nms_iou": NMS_IOU, "max_per_img": MAX_PER_IMG},
            "params": {k: {"shape": list(v.shape), "data": v.reshape(-1).tolist()} for k, v in P.items()},
            "features": [{"shape": list(f.shape), "data": f.reshape(-1).tolist()} for f in features],
            "gts": [{"bboxes": b, "labels": l} for b, l in GTS],
            "losses": loss(GTS),
            "losses_second_image_empty": loss([GTS[0], ([], [])]),
            "detections": predict(),
        }
    path = os.path.join("tests", "Detect.Models.Tests", "Golden", "atss_head.golden.json")
    with open(path, "w") as f:
        json.dump(golden, f)
    print(json.dumps(golden["losses"]), json.dumps(golden["losses_second_image_empty"]), [len(d["scores"]) for d in golden["detections"]])


if __name__ == "__main__":
    main()
