"""Golden values for Detect's CascadeRoIHead: MMDetection 3.x's CascadeRoIHead.loss and .predict (Cascade R-CNN, and
Cascade Mask R-CNN), re-implemented here in plain torch 1.13 / torchvision 0.14 from MMDetection's source
(mmdet/models/roi_heads/cascade_roi_head.py, base_roi_head.py, bbox_heads/bbox_head.py + convfc_bbox_head.py (get_targets,
loss, refine_bboxes, regress_by_class, _predict_by_feat_single), roi_extractors/single_level_roi_extractor.py
(map_roi_levels, finest_scale 56), task_modules/assigners/max_iou_assigner.py, samplers/random_sampler.py (+ add_gt_ of
assign_result), coders/delta_xywh_bbox_coder.py, losses/cross_entropy_loss.py, smooth_l1_loss.py, accuracy.py,
layers/multiclass_nms, mask_heads/fcn_mask_head.py (mask_target, loss, _do_paste_mask), test_time_augs/merge_augs.py
(merge_aug_masks) and configs/_base_/models/cascade-rcnn_r50_fpn.py / cascade-mask-rcnn_r50_fpn.py for the settings).
mmcv's RoIAlign is torchvision.ops.roi_align with aligned=True, sampling_ratio=0; mmcv's batched_nms is torchvision's.

Sampling is deterministic: RandomSampler(num=512, pos_fraction=0.25) with fewer than 128 positives and 384 negatives per
image takes every candidate, in index order (ground truths first, add_gt_as_proposals), so no random draw decides.

Run with /usr/bin/python3 from the repository root; writes tests/Detect.Models.Tests/Golden/cascade_roi_head.golden.json:
seeded parameters named as Detect's (and MMDetection's) state-dict keys under roi_head, 2 images' 4-level features,
proposals, ground truths (boxes, labels, masks as row-major run lengths), the per-stage losses and the detections (and
masks) of predict with rescale false and true. It also prints the margins by which IoUs, levels and scores clear the
thresholds that decide discrete outcomes, so a near-tie cannot make the golden fragile. `--float64` writes nothing and
prints how far its own float32 detections are from a float64 run (the scale of rounding the C# test's tolerance allows).
"""
import base64
import json
import math
import os

import numpy as np
import torch
import torch.nn.functional as F
from torchvision.ops import batched_nms, roi_align

torch.manual_seed(0)
NUM_CLASSES, C, FC, ROI, MASK_ROI, MASK_SIZE, MASK_CONVS = 3, 4, 16, 7, 7, 14, 2
STRIDES, FINEST_SCALE = [4, 8, 16, 32], 56
PAD = (256, 256)
IMG_SHAPES = [(256, 240), (224, 256)]                      # (h, w) after resize
ORI_SHAPES = [(128, 150), (224, 256)]
SCALE_FACTORS = [(1.6, 2.0), (1.0, 1.0)]                   # (w, h), as MMDetection's img_meta['scale_factor']
STAGE_STDS = [[0.1, 0.1, 0.2, 0.2], [0.05, 0.05, 0.1, 0.1], [0.033, 0.033, 0.067, 0.067]]
STAGE_IOUS = [0.5, 0.6, 0.7]
STAGE_WEIGHTS = [1.0, 0.5, 0.25]
SAMPLER_NUM, POS_FRACTION = 512, 0.25
SCORE_THR, NMS_IOU, MAX_PER_IMG = 0.05, 0.5, 100
MASK_MAX_PER_IMG, MASK_THR = 6, 0.5
EPS = torch.finfo(torch.float32).eps
GTS = [([[30.2, 40.7, 140.9, 150.3], [60.4, 20.1, 235.6, 250.2], [150.3, 160.8, 200.5, 230.9]], [0, 2, 1]),
       ([[10.6, 12.3, 90.2, 80.7], [100.1, 60.4, 250.3, 215.8]], [1, 0])]
MARGINS = {"assign_iou": [], "roi_level": [], "nms_iou": [], "score_thr": []}


def param(*shape, std):
    return torch.randn(*shape) * std


def stage_params(prefix, stage):
    return {
        f"{prefix}bbox_head.{stage}.shared_fcs.0.weight": param(FC, C * ROI * ROI, std=0.1),
        f"{prefix}bbox_head.{stage}.shared_fcs.0.bias": param(FC, std=0.1),
        f"{prefix}bbox_head.{stage}.shared_fcs.1.weight": param(FC, FC, std=0.3),
        f"{prefix}bbox_head.{stage}.shared_fcs.1.bias": param(FC, std=0.1),
        f"{prefix}bbox_head.{stage}.fc_cls.weight": param(NUM_CLASSES + 1, FC, std=0.5),
        f"{prefix}bbox_head.{stage}.fc_cls.bias": param(NUM_CLASSES + 1, std=0.2),
        f"{prefix}bbox_head.{stage}.fc_reg.weight": param(4, FC, std=0.5),
        f"{prefix}bbox_head.{stage}.fc_reg.bias": param(4, std=0.2),
    }


def mask_params(stage):
    p = {}
    for i in range(MASK_CONVS):
        p[f"mask_head.{stage}.convs.{i}.conv.weight"] = param(C, C, 3, 3, std=0.3)
        p[f"mask_head.{stage}.convs.{i}.conv.bias"] = param(C, std=0.1)
    p[f"mask_head.{stage}.upsample.weight"] = param(C, C, 2, 2, std=0.4)       # ConvTranspose2d: in × out × k × k
    p[f"mask_head.{stage}.upsample.bias"] = param(C, std=0.1)
    p[f"mask_head.{stage}.conv_logits.weight"] = param(NUM_CLASSES, C, 1, 1, std=1.0)
    p[f"mask_head.{stage}.conv_logits.bias"] = param(NUM_CLASSES, std=0.3)
    return p


P = {}
for s in range(3):
    P.update(stage_params("", s))
for s in range(3):
    P.update(mask_params(s))

# reg_class_agnostic=False variant: fc_reg with 4 outputs per class instead (the other parameters shared).
P_CLASS_SPECIFIC = {}
for s in range(3):
    P_CLASS_SPECIFIC[f"bbox_head.{s}.fc_reg.weight"] = param(4 * NUM_CLASSES, FC, std=0.5)
    P_CLASS_SPECIFIC[f"bbox_head.{s}.fc_reg.bias"] = param(4 * NUM_CLASSES, std=0.2)
CLASS_AGNOSTIC = True

features = [torch.randn(2, C, PAD[0] // s, PAD[1] // s) for s in STRIDES]


def jitter(box, n, gen_scale):
    b = torch.tensor(box)
    wh = torch.cat([b[2:] - b[:2], b[2:] - b[:2]])
    return (b + torch.randn(n, 4) * wh * gen_scale).clamp(min=0)


def make_proposals():
    out = []
    for img, (boxes, _) in enumerate(GTS):
        h, w = IMG_SHAPES[img]
        parts = [jitter(b, 4, 0.08) for b in boxes] + [jitter(b, 2, 0.2) for b in boxes]
        xy = torch.rand(4, 2) * torch.tensor([w * 0.7, h * 0.7])
        wh = torch.rand(4, 2) * 120 + 10
        parts.append(torch.cat([xy, xy + wh], 1))
        parts.append(torch.tensor([[3.4, 5.1, w - 4.2, h - 2.7]]))          # a level-2 RoI (side ≥ 224)
        p = torch.cat(parts)
        p[:, 0::2] = p[:, 0::2].clamp(max=w)
        p[:, 1::2] = p[:, 1::2].clamp(max=h)
        out.append(p)
    return out


proposals = make_proposals()


def gt_masks(img):
    """Ellipses inscribed in each ground-truth box (with a notch), on the padded image, as MMDetection's pad_mask gives."""
    boxes, _ = GTS[img]
    yy, xx = torch.meshgrid(torch.arange(PAD[0]).float() + 0.5, torch.arange(PAD[1]).float() + 0.5, indexing="ij")
    masks = []
    for x1, y1, x2, y2 in boxes:
        cx, cy, rx, ry = (x1 + x2) / 2, (y1 + y2) / 2, (x2 - x1) / 2, (y2 - y1) / 2
        m = ((xx - cx) / rx) ** 2 + ((yy - cy) / ry) ** 2 <= 1
        m &= ~((xx > cx) & (yy < cy - ry / 3))
        masks.append(m)
    return torch.stack(masks)


GT_MASKS = [gt_masks(i) for i in range(2)]


# --- boxes -------------------------------------------------------------------------------------------------------------
def iou(a, b, eps=1e-6):
    area_a = (a[:, 2] - a[:, 0]) * (a[:, 3] - a[:, 1])
    area_b = (b[:, 2] - b[:, 0]) * (b[:, 3] - b[:, 1])
    lt = torch.max(a[:, None, :2], b[None, :, :2])
    rb = torch.min(a[:, None, 2:], b[None, :, 2:])
    wh = (rb - lt).clamp(min=0)
    overlap = wh[..., 0] * wh[..., 1]
    union = torch.max(area_a[:, None] + area_b[None, :] - overlap, torch.tensor([eps]))
    return overlap / union


def encode(proposals, gt, stds):
    px, py = (proposals[:, 0] + proposals[:, 2]) * 0.5, (proposals[:, 1] + proposals[:, 3]) * 0.5
    pw, ph = proposals[:, 2] - proposals[:, 0], proposals[:, 3] - proposals[:, 1]
    gx, gy = (gt[:, 0] + gt[:, 2]) * 0.5, (gt[:, 1] + gt[:, 3]) * 0.5
    gw, gh = gt[:, 2] - gt[:, 0], gt[:, 3] - gt[:, 1]
    deltas = torch.stack([(gx - px) / pw, (gy - py) / ph, torch.log(gw / pw), torch.log(gh / ph)], dim=-1)
    return deltas.sub_(torch.tensor([0.0] * 4)).div_(torch.tensor(stds))


def decode(rois, deltas, stds, max_shape=None):
    d = deltas * torch.tensor(stds) + torch.tensor([0.0] * 4)
    dxy, dwh = d[:, :2], d[:, 2:]
    pxy, pwh = (rois[:, :2] + rois[:, 2:]) * 0.5, rois[:, 2:] - rois[:, :2]
    dxy_wh = pwh * dxy
    max_ratio = abs(math.log(16 / 1000))
    dwh = dwh.clamp(min=-max_ratio, max=max_ratio)
    gxy, gwh = pxy + dxy_wh, pwh * dwh.exp()
    boxes = torch.cat([gxy - gwh * 0.5, gxy + gwh * 0.5], dim=-1)
    if max_shape is not None:
        boxes[:, 0::2] = boxes[:, 0::2].clamp(min=0, max=max_shape[1])
        boxes[:, 1::2] = boxes[:, 1::2].clamp(min=0, max=max_shape[0])
    return boxes


def bbox2roi(boxes_list):
    return torch.cat([torch.cat([b.new_full((b.shape[0], 1), i), b[:, :4]], 1) for i, b in enumerate(boxes_list)])


# --- SingleRoIExtractor ------------------------------------------------------------------------------------------------
def extract(rois, out):
    scale = torch.sqrt((rois[:, 3] - rois[:, 1]) * (rois[:, 4] - rois[:, 2]))
    raw = torch.log2(scale / FINEST_SCALE + 1e-6)
    MARGINS["roi_level"].append(float((raw - raw.round()).abs().min()) if len(raw) else 1.0)
    levels = torch.floor(raw).clamp(min=0, max=len(STRIDES) - 1).long()
    feats = rois.new_zeros(rois.shape[0], C, out, out)
    for i, stride in enumerate(STRIDES):
        inds = (levels == i).nonzero().squeeze(1)
        if inds.numel() > 0:
            feats[inds] = roi_align(features[i], rois[inds], (out, out), 1.0 / stride, 0, True)
    return feats


# --- heads -------------------------------------------------------------------------------------------------------------
def bbox_forward(stage, rois):
    x = extract(rois, ROI).flatten(1)
    k = f"bbox_head.{stage}."
    x = F.relu(F.linear(x, P[k + "shared_fcs.0.weight"], P[k + "shared_fcs.0.bias"]))
    x = F.relu(F.linear(x, P[k + "shared_fcs.1.weight"], P[k + "shared_fcs.1.bias"]))
    R = P if CLASS_AGNOSTIC else {**P, **P_CLASS_SPECIFIC}
    return F.linear(x, P[k + "fc_cls.weight"], P[k + "fc_cls.bias"]), F.linear(x, R[k + "fc_reg.weight"], R[k + "fc_reg.bias"])


def regress_by_class(boxes, labels, reg, stds, max_shape):
    if not CLASS_AGNOSTIC:
        reg = torch.gather(reg, 1, torch.stack([labels * 4 + i for i in range(4)], 1))
    return decode(boxes, reg, stds, max_shape)


def mask_forward(stage, rois):
    x = extract(rois, MASK_ROI)
    k = f"mask_head.{stage}."
    for i in range(MASK_CONVS):
        x = F.relu(F.conv2d(x, P[k + f"convs.{i}.conv.weight"], P[k + f"convs.{i}.conv.bias"], padding=1))
    x = F.relu(F.conv_transpose2d(x, P[k + "upsample.weight"], P[k + "upsample.bias"], stride=2))
    return F.conv2d(x, P[k + "conv_logits.weight"], P[k + "conv_logits.bias"])


# --- training ----------------------------------------------------------------------------------------------------------
def assign_and_sample(boxes, gt, gt_labels, thr):
    """MaxIoUAssigner(thr, thr, min_pos_iou=thr, match_low_quality=False) then RandomSampler taking every candidate."""
    if len(gt) == 0:                                                   # no ground truth: every box is a negative
        return {"pos_priors": boxes[:0], "neg_priors": boxes, "pos_assigned_gt_inds": torch.zeros(0, dtype=torch.long),
                "pos_gt_bboxes": boxes[:0], "pos_gt_labels": torch.zeros(0, dtype=torch.long), "pos_is_gt": torch.zeros(0, dtype=torch.uint8)}
    overlaps = iou(gt, boxes)                                          # num_gt × num_priors
    max_ov, argmax = overlaps.max(dim=0)
    MARGINS["assign_iou"].append(float((max_ov - thr).abs().min()) if len(max_ov) else 1.0)
    gt_inds = torch.full((boxes.shape[0],), -1, dtype=torch.long)
    gt_inds[(max_ov >= 0) & (max_ov < thr)] = 0
    pos = max_ov >= thr
    gt_inds[pos] = argmax[pos] + 1
    labels = torch.full((boxes.shape[0],), -1, dtype=torch.long)
    labels[gt_inds > 0] = gt_labels[gt_inds[gt_inds > 0] - 1]
    # add_gt_as_proposals
    priors = torch.cat([gt, boxes])
    gt_inds = torch.cat([torch.arange(1, len(gt) + 1), gt_inds])
    labels = torch.cat([gt_labels, labels])
    gt_flags = torch.cat([torch.ones(len(gt), dtype=torch.uint8), torch.zeros(boxes.shape[0], dtype=torch.uint8)])
    pos_inds = (gt_inds > 0).nonzero().squeeze(1).unique()
    neg_inds = (gt_inds == 0).nonzero().squeeze(1).unique()
    assert pos_inds.numel() <= int(SAMPLER_NUM * POS_FRACTION) and neg_inds.numel() <= SAMPLER_NUM - pos_inds.numel()
    return {"pos_priors": priors[pos_inds], "neg_priors": priors[neg_inds], "pos_assigned_gt_inds": gt_inds[pos_inds] - 1,
            "pos_gt_bboxes": gt[gt_inds[pos_inds] - 1], "pos_gt_labels": labels[pos_inds], "pos_is_gt": gt_flags[pos_inds]}


def smooth_l1(pred, target, beta=1.0):
    diff = (pred - target).abs()
    return torch.where(diff < beta, 0.5 * diff * diff / beta, diff - 0.5 * beta)


def mask_targets(sr, img):
    proposals = sr["pos_priors"].clone()
    h, w = GT_MASKS[img].shape[1:]
    proposals[:, [0, 2]] = proposals[:, [0, 2]].clamp(0, w)
    proposals[:, [1, 3]] = proposals[:, [1, 3]].clamp(0, h)
    masks = GT_MASKS[img].float().index_select(0, sr["pos_assigned_gt_inds"])[:, None]
    rois = torch.cat([torch.arange(len(proposals)).float()[:, None], proposals], 1)
    return (roi_align(masks, rois, (MASK_SIZE, MASK_SIZE), 1.0, 0, True).squeeze(1) >= 0.5).float()


def loss(with_mask, gts=GTS):
    losses, stats = {}, []
    results = [p.clone() for p in proposals]
    for stage in range(3):
        w = STAGE_WEIGHTS[stage]
        srs = [assign_and_sample(results[i], torch.tensor(gts[i][0]).view(-1, 4), torch.tensor(gts[i][1], dtype=torch.long), STAGE_IOUS[stage])
               for i in range(2)]
        rois = bbox2roi([torch.cat([s["pos_priors"], s["neg_priors"]]) for s in srs])
        cls, reg = bbox_forward(stage, rois)
        labels, label_w, targets, target_w = [], [], [], []
        for s in srs:
            npos, nneg = len(s["pos_priors"]), len(s["neg_priors"])
            lab = torch.full((npos + nneg,), NUM_CLASSES, dtype=torch.long)
            lab[:npos] = s["pos_gt_labels"]
            t, tw = torch.zeros(npos + nneg, 4), torch.zeros(npos + nneg, 4)
            if npos > 0:
                t[:npos] = encode(s["pos_priors"], s["pos_gt_bboxes"], STAGE_STDS[stage])
                tw[:npos] = 1
            labels.append(lab); label_w.append(torch.ones(npos + nneg)); targets.append(t); target_w.append(tw)
        labels, label_w, targets, target_w = torch.cat(labels), torch.cat(label_w), torch.cat(targets), torch.cat(target_w)
        avg_factor = max(float((label_w > 0).sum()), 1.0)
        loss_cls = (F.cross_entropy(cls, labels, reduction="none") * label_w).sum() / (avg_factor + EPS)
        acc = (cls.topk(1, dim=1)[1].t()[0] == labels).float().sum() * (100.0 / cls.shape[0])
        pos = (labels >= 0) & (labels < NUM_CLASSES)
        pos_reg = reg[pos] if CLASS_AGNOSTIC else reg.view(reg.shape[0], NUM_CLASSES, 4)[pos, labels[pos]]
        loss_bbox = (smooth_l1(pos_reg, targets[pos]) * target_w[pos]).sum() / (targets.shape[0] + EPS)
        losses[f"s{stage}.loss_cls"] = float(loss_cls * w)
        losses[f"s{stage}.acc"] = float(acc)
        losses[f"s{stage}.loss_bbox"] = float(loss_bbox * w)
        stats.append({"rois": int(rois.shape[0]), "positives": int(pos.sum())})
        if with_mask:
            pos_rois = bbox2roi([s["pos_priors"] for s in srs])
            preds = mask_forward(stage, pos_rois)
            tgt = torch.cat([mask_targets(s, i) for i, s in enumerate(srs)])
            pos_labels = torch.cat([s["pos_gt_labels"] for s in srs])
            sliced = preds[torch.arange(len(preds)), pos_labels]
            losses[f"s{stage}.loss_mask"] = float(F.binary_cross_entropy_with_logits(sliced, tgt, reduction="mean") * w)
        if stage < 2:                                                   # refine_bboxes: target class, predicted for negatives
            ref_labels = torch.where(labels == NUM_CLASSES, cls[:, :-1].argmax(1), labels)
            new = []
            for i, s in enumerate(srs):
                inds = (rois[:, 0] == i).nonzero().squeeze(1)
                boxes = regress_by_class(rois[inds, 1:], ref_labels[inds], reg[inds], STAGE_STDS[stage], IMG_SHAPES[i])
                keep = torch.ones(len(inds), dtype=torch.uint8)
                keep[:len(s["pos_is_gt"])] = 1 - s["pos_is_gt"]
                new.append(boxes[keep.bool()])
            results = new
    return losses, stats


# --- inference ---------------------------------------------------------------------------------------------------------
def multiclass_nms(boxes, scores, max_num):
    n = scores.shape[0]
    b = boxes.view(n, NUM_CLASSES, 4) if boxes.shape[1] > 4 else boxes[:, None].expand(n, NUM_CLASSES, 4)
    b = b.reshape(-1, 4)
    s = scores[:, :-1].reshape(-1)
    lab = torch.arange(NUM_CLASSES).view(1, -1).expand(n, NUM_CLASSES).reshape(-1)
    MARGINS["score_thr"].append(float((s - SCORE_THR).abs().min()))
    valid = (s > SCORE_THR).nonzero().squeeze(1)
    b, s, lab = b[valid], s[valid], lab[valid]
    for c in range(NUM_CLASSES):
        bc = b[lab == c]
        if len(bc) > 1:
            o = iou(bc, bc, eps=0)
            o = o[~torch.eye(len(bc), dtype=torch.bool)]
            MARGINS["nms_iou"].append(float((o - NMS_IOU).abs().min()))
    keep = batched_nms(b, s, lab, NMS_IOU)[:max_num]
    return b[keep], s[keep], lab[keep]


def paste(probs, boxes, img_h, img_w):
    """FCNMaskHead _do_paste_mask on the CPU (skip_empty, one mask per chunk), then the binary threshold."""
    out = torch.zeros(len(boxes), img_h, img_w, dtype=torch.bool)
    for i in range(len(boxes)):
        x0, y0, x1, y1 = boxes[i]
        x0i = int(max(math.floor(float(x0)) - 1, 0)); y0i = int(max(math.floor(float(y0)) - 1, 0))
        x1i = int(min(math.ceil(float(x1)) + 1, img_w)); y1i = int(min(math.ceil(float(y1)) + 1, img_h))
        img_y = torch.arange(y0i, y1i, dtype=torch.float32) + 0.5
        img_x = torch.arange(x0i, x1i, dtype=torch.float32) + 0.5
        img_y = (img_y - y0) / (y1 - y0) * 2 - 1
        img_x = (img_x - x0) / (x1 - x0) * 2 - 1
        img_x[torch.isinf(img_x)] = 0
        img_y[torch.isinf(img_y)] = 0
        gx = img_x[None, :].expand(img_y.size(0), img_x.size(0))
        gy = img_y[:, None].expand(img_y.size(0), img_x.size(0))
        grid = torch.stack([gx, gy], dim=2)[None]
        m = F.grid_sample(probs[i][None, None].float(), grid, align_corners=False)[0, 0]
        out[i, y0i:y1i, x0i:x1i] = m >= MASK_THR
    return out


def rle(mask):
    flat = mask.reshape(-1).to(torch.uint8).numpy()
    change = np.flatnonzero(np.diff(np.concatenate([[0], flat, [1 - flat[-1]]]))) if len(flat) else []
    counts = np.diff(np.concatenate([[0], change])).tolist()
    return counts


def predict(rescale, with_mask):
    counts = [len(p) for p in proposals]
    rois = bbox2roi(proposals)
    ms = []
    for stage in range(3):
        cls, reg = bbox_forward(stage, rois)
        ms.append(cls.split(counts))
        regs = reg.split(counts)
        if stage < 2:
            parts, clss = rois.split(counts), cls.split(counts)
            rois = torch.cat([torch.cat([parts[i][:, :1], regress_by_class(parts[i][:, 1:], clss[i][:, :-1].argmax(1), regs[i],
                                                                            STAGE_STDS[stage], IMG_SHAPES[i])], 1) for i in range(2)])
    out, dets = [], []
    parts = rois.split(counts)
    bbox_rescale = rescale and not with_mask
    for i in range(2):
        cls = sum(m[i] for m in ms) / 3.0
        scores = F.softmax(cls, dim=-1)
        k = 1 if CLASS_AGNOSTIC else NUM_CLASSES
        boxes = decode(parts[i][:, 1:].repeat_interleave(k, dim=0), regs[i].reshape(-1, 4), STAGE_STDS[2], IMG_SHAPES[i])
        if bbox_rescale:
            sw, sh = SCALE_FACTORS[i]
            boxes = boxes * boxes.new_tensor([1 / sw, 1 / sh]).repeat(1, 2)
        boxes = boxes.view(len(scores), -1)
        dets.append(multiclass_nms(boxes, scores, MASK_MAX_PER_IMG if with_mask else MAX_PER_IMG))
    if with_mask:
        mask_rois = bbox2roi([d[0] for d in dets])
        probs = torch.stack([mask_forward(stage, mask_rois).sigmoid() for stage in range(3)]).mean(dim=0)
        probs = probs.split([len(d[0]) for d in dets])
    for i, (b, s, lab) in enumerate(dets):
        det = {"bboxes": b.tolist(), "scores": s.tolist(), "labels": lab.tolist()}
        if with_mask:
            sw, sh = SCALE_FACTORS[i]
            img_h, img_w = ORI_SHAPES[i]
            if rescale:
                b = b / b.new_tensor([sw, sh]).repeat(1, 2)
            else:
                img_h, img_w = int(np.round(img_h * sh)), int(np.round(img_w * sw))
            own = probs[i][torch.arange(len(lab)), lab]
            masks = paste(own, b, img_h, img_w)
            det["bboxes"] = b.tolist()
            det["mask_shape"] = [img_h, img_w]
            det["masks"] = [rle(m) for m in masks]
        out.append(det)
    return out


def blob(t):
    return {"shape": list(t.shape), "float32_base64": base64.b64encode(t.contiguous().numpy().astype("<f4").tobytes()).decode("ascii")}


def main():
    global CLASS_AGNOSTIC
    with torch.no_grad():
        losses, stats = loss(with_mask=False)
        mask_losses, _ = loss(with_mask=True)
        no_gt = [GTS[0], ([], [])]
        losses_empty, _ = loss(with_mask=False, gts=no_gt)
        CLASS_AGNOSTIC = False
        class_specific = {"params": {k: blob(v) for k, v in P_CLASS_SPECIFIC.items()}, "losses": loss(with_mask=False)[0],
                          "detections": predict(rescale=False, with_mask=False), "detections_rescaled": predict(rescale=True, with_mask=False)}
        CLASS_AGNOSTIC = True
        golden = {
            "settings": {"num_classes": NUM_CLASSES, "in_channels": C, "fc_out_channels": FC, "roi_feat_size": ROI,
                         "mask_roi_feat_size": MASK_ROI, "mask_size": MASK_SIZE, "mask_num_convs": MASK_CONVS,
                         "featmap_strides": STRIDES, "finest_scale": FINEST_SCALE, "pad_shape": list(PAD),
                         "img_shapes": [list(s) for s in IMG_SHAPES], "ori_shapes": [list(s) for s in ORI_SHAPES],
                         "scale_factors": [list(s) for s in SCALE_FACTORS], "stage_target_stds": STAGE_STDS,
                         "stage_iou_thrs": STAGE_IOUS, "stage_loss_weights": STAGE_WEIGHTS, "sampler_num": SAMPLER_NUM,
                         "pos_fraction": POS_FRACTION, "score_thr": SCORE_THR, "nms_iou": NMS_IOU, "max_per_img": MAX_PER_IMG,
                         "mask_max_per_img": MASK_MAX_PER_IMG, "mask_thr_binary": MASK_THR},
            "params": {k: blob(v) for k, v in P.items()},
            "features": [blob(f) for f in features],
            "proposals": [p.tolist() for p in proposals],
            "gts": [{"bboxes": b, "labels": l, "masks": [rle(m) for m in GT_MASKS[i]]} for i, (b, l) in enumerate(GTS)],
            "stage_stats": stats,
            "losses": losses,
            "detections": predict(rescale=False, with_mask=False),
            "detections_rescaled": predict(rescale=True, with_mask=False),
            "losses_second_image_without_gt": losses_empty,
            "class_specific": class_specific,
            "mask_losses": mask_losses,
            "mask_detections": predict(rescale=False, with_mask=True),
            "mask_detections_rescaled": predict(rescale=True, with_mask=True),
        }
    golden["margins"] = {k: min(v) for k, v in MARGINS.items()}
    path = os.path.join("tests", "Detect.Models.Tests", "Golden", "cascade_roi_head.golden.json")
    with open(path, "w") as f:
        json.dump(golden, f)
    print(json.dumps(losses), json.dumps(mask_losses), stats)
    print("detections", [len(d["scores"]) for k in ("detections", "detections_rescaled", "mask_detections") for d in golden[k]])
    print("margins", golden["margins"], "bytes", os.path.getsize(path))


def float64_check():
    """How far the reference's own float32 detections are from a float64 run of the same code (the scale of rounding)."""
    global P, P_CLASS_SPECIFIC
    with torch.no_grad():
        ref32 = {(r, m): predict(r, m) for r in (False, True) for m in (False, True)}
        torch.set_default_dtype(torch.float64)
        P = {k: v.double() for k, v in P.items()}
        P_CLASS_SPECIFIC = {k: v.double() for k, v in P_CLASS_SPECIFIC.items()}
        features[:] = [f.double() for f in features]
        proposals[:] = [p.double() for p in proposals]
        for key, dets in ref32.items():
            for i, (a, b) in enumerate(zip(dets, predict(*key))):
                assert a["labels"] == b["labels"], (key, i)
                box = max(abs(x - y) for ba, bb in zip(a["bboxes"], b["bboxes"]) for x, y in zip(ba, bb))
                score = max(abs(x - y) for x, y in zip(a["scores"], b["scores"]))
                print(f"rescale={key[0]} mask={key[1]} image {i}: float32 vs float64 box {box:.2e} px, score {score:.2e}")


if __name__ == "__main__":
    import sys
    float64_check() if "--float64" in sys.argv else main()
